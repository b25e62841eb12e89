import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '@/shared/api/types';
import { Spinner } from '@/shared/components/Spinner';
import { friendlyError } from '@/shared/lib/friendlyError';
import { roleHome, useSession } from './useSession';

export interface LoginLocationState {
  /** Where the person was when they were sent to sign in. */
  from?: string;
}

/**
 * Route guard: signed-out people go to /login (remembering where they were),
 * people of another role go to their own home.
 */
export function RequireRole({ roles }: { roles?: readonly Role[] }) {
  const { status, user, restoreError } = useSession();
  const location = useLocation();

  if (status === 'restoring') {
    return (
      <div className="flex min-h-full flex-col items-center justify-center gap-3 p-8 text-slate-700">
        <Spinner label="Restoring your session…" />
        {restoreError && <p className="text-sm">{friendlyError(restoreError).title} Still trying…</p>}
      </div>
    );
  }
  if (status === 'anonymous' || !user) {
    const state: LoginLocationState = { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/login" replace state={state} />;
  }
  if (roles && !roles.includes(user.role)) {
    return <Navigate to={roleHome(user.role)} replace />;
  }
  return <Outlet />;
}
