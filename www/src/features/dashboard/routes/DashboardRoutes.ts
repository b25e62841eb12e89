/**
 * The dashboard's screens, loaded together on demand (`React.lazy` in
 * app/router.tsx): one chunk with the chart library, which the kiosk, the
 * display board and every other screen never fetch.
 */
export { AdminDashboardRoute } from './AdminDashboardRoute';
export { ManagerDashboardRoute } from './ManagerDashboardRoute';
