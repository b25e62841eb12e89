import type { Role } from '@/shared/api/types';

const LABELS: Record<Role, string> = { admin: 'Administrator', manager: 'Manager', staff: 'Staff' };

export function roleLabel(role: Role): string {
  return LABELS[role] ?? role;
}
