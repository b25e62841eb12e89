import type { CounterState } from '@/shared/api/types';
import { StatusBadge } from './StatusBadge';

const LABELS: Record<CounterState, { text: string; tone: 'green' | 'amber' | 'slate' }> = {
  open: { text: 'Open', tone: 'green' },
  paused: { text: 'Paused', tone: 'amber' },
  closed: { text: 'Closed', tone: 'slate' },
};

export function CounterStateBadge({ state }: { state: CounterState }) {
  const { text, tone } = LABELS[state] ?? { text: state, tone: 'slate' };
  return <StatusBadge tone={tone}>{text}</StatusBadge>;
}

/** "All services" or the names of the listed ones. */
export function describeServices(serviceIds: readonly number[], names: ReadonlyMap<number, string>): string {
  if (serviceIds.length === 0) return 'All services';
  return serviceIds.map((id) => names.get(id) ?? `Service ${id}`).join(', ');
}
