import type { Role } from '@/shared/api/types';
import type { NavItem } from '@/shared/components/AppLayout';

/** What each role may use (API.md, "Roles and access"); the route guards enforce the same. */
export const NAVIGATION: Record<Role, readonly NavItem[]> = {
  admin: [
    { to: '/admin', label: 'Departments', end: true },
    { to: '/admin/dashboard', label: 'Dashboard' },
    { to: '/admin/services', label: 'Services' },
    { to: '/admin/counters', label: 'Counters' },
    { to: '/admin/users', label: 'Users' },
    { to: '/admin/schedule', label: 'Schedule' },
    { to: '/admin/complaints', label: 'Complaints' },
    { to: '/admin/settings', label: 'Settings' },
  ],
  manager: [
    { to: '/manager', label: 'Overview', end: true },
    { to: '/manager/services', label: 'Services' },
    { to: '/manager/counters', label: 'Counters' },
    { to: '/manager/users', label: 'Staff' },
    { to: '/manager/schedule', label: 'Schedule' },
    { to: '/manager/complaints', label: 'Complaints' },
  ],
  staff: [
    { to: '/staff', label: 'Counters', end: true },
    { to: '/staff/schedule', label: 'My schedule' },
    { to: '/staff/services', label: 'Services' },
  ],
};
