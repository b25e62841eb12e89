import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { PageHeading } from '@/shared/components/PageHeading';
import { Spinner } from '@/shared/components/Spinner';
import { useSettings } from '../api/settings';
import { SettingsForm } from '../components/SettingsForm';

export function SettingsRoute() {
  const settings = useSettings();
  return (
    <div className="max-w-3xl">
      <PageHeading title="Settings" subtitle="Apply to every department." />
      {settings.isPending && <Spinner />}
      {settings.isError && <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />}
      {settings.data && <SettingsForm settings={settings.data} />}
    </div>
  );
}
