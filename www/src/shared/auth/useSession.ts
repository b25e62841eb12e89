import { useSyncExternalStore } from 'react';
import type { Role, User } from '@/shared/api/types';
import { session, type SessionState } from './session';

/** The session as React state: re-renders on sign-in, sign-out and token renewal. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}

/** The signed-in user; only for screens behind a route guard. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser outside a signed-in route');
  return user;
}

/** Where each role starts. */
export function roleHome(role: Role): string {
  switch (role) {
    case 'admin':
      return '/admin';
    case 'manager':
      return '/manager';
    case 'staff':
      return '/staff';
  }
}
