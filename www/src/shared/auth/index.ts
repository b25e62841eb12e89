export { session, REFRESH_STORAGE_KEY } from './session';
export type { SessionState, SessionStatus, SessionNotice } from './session';
export { useSession, useCurrentUser, roleHome } from './useSession';
export { RequireRole } from './RequireRole';
export { useSocketAuth } from './useSocketAuth';
export type { LoginLocationState } from './RequireRole';
