import { Suspense, useState } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { AssistantLauncher } from '@/features/assistant/components/AssistantLauncher';
import { useDepartmentList } from '@/shared/api/organisation';
import { roleHome, session, useCurrentUser, useSocketAuth } from '@/shared/auth';
import { AppLayout } from '@/shared/components/AppLayout';
import { Spinner } from '@/shared/components/Spinner';
import { roleLabel } from '@/shared/lib/roles';
import { NAVIGATION } from './navigation';

/**
 * Every signed-in screen: the role's navigation around the route's content, and the socket's `auth`.
 * Loaded on demand (app/router.tsx), like each screen: while a screen's chunk loads, the header
 * stays and a spinner holds its place.
 */
export function SignedInLayout() {
  // Live channels of these screens carry the staff view.
  useSocketAuth();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const departments = useDepartmentList();
  const [signingOut, setSigningOut] = useState(false);
  const department =
    user.department_id === null ? null : departments.data?.items.find((d) => d.id === user.department_id);

  const signOut = async () => {
    setSigningOut(true);
    await session.logout();
    navigate('/login', { replace: true, state: null });
  };

  return (
    <AppLayout
      nav={NAVIGATION[user.role]}
      homePath={roleHome(user.role)}
      userName={user.full_name}
      roleLabel={roleLabel(user.role)}
      departmentName={department?.name ?? null}
      onSignOut={signOut}
      signingOut={signingOut}
    >
      <Suspense fallback={<Spinner />}>
        <Outlet />
      </Suspense>
      {/* A corner button; the panel itself loads on the first open. */}
      <AssistantLauncher />
    </AppLayout>
  );
}
