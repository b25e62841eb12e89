import { PageHeading } from '@/shared/components/PageHeading';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { useChangePassword } from '../hooks/useChangePassword';

export function ChangePasswordRoute() {
  const form = useChangePassword();
  return (
    <div className="max-w-md">
      <PageHeading title="Your password" subtitle="Other devices signed in as you will be signed out." />
      {form.done && (
        <p role="status" data-testid="password-changed" className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900">
          Password changed.
        </p>
      )}
      <ChangePasswordForm form={form} />
    </div>
  );
}
