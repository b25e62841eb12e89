import { useEffect, useRef } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { roleHome, session, useSession, type LoginLocationState } from '@/shared/auth';
import { LoginForm } from '../components/LoginForm';
import { useLogin } from '../hooks/useLogin';

export function LoginRoute() {
  const { status, user, notice } = useSession();
  const location = useLocation();
  const from = (location.state as LoginLocationState | null)?.from;
  const login = useLogin();

  // Show "your session ended" for this visit only.
  const shownNotice = useRef(notice);
  useEffect(() => {
    if (notice) session.clearNotice();
  }, [notice]);

  if (status === 'authenticated' && user) {
    const target = from && from !== '/login' ? from : roleHome(user.role);
    return <Navigate to={target} replace />;
  }

  return (
    <div className="flex min-h-full items-center justify-center bg-slate-100 px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-3xl font-bold tracking-tight text-indigo-700">QStream</p>
        <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
          <h1 className="mb-6 text-xl font-semibold">Sign in</h1>
          {shownNotice.current === 'session_ended' && (
            <p
              role="status"
              data-testid="session-notice"
              className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900"
            >
              Your session ended. Please sign in again.
            </p>
          )}
          <LoginForm login={login} />
        </div>
        <p className="mt-6 text-center text-sm text-slate-600">
          <Link to="/" className="text-indigo-700 underline">
            Kiosks and display boards
          </Link>
        </p>
      </div>
    </div>
  );
}
