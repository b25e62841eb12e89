import type { RealtimeEvent } from '@/shared/realtime';
import type { DisplaySnapshot, WaitingEntry } from './getDisplay';

/**
 * Apply what an event tells us directly to the snapshot (the event whose seq
 * follows the snapshot's). The caller refetches the snapshot right after, so
 * this only needs to make the board right sooner, not exactly right.
 */
export function applyEvent(snapshot: DisplaySnapshot, event: RealtimeEvent): DisplaySnapshot {
  const ticket = event.ticket ?? null;
  const number = ticket?.ticket_number;

  let waiting: WaitingEntry[] = snapshot.waiting.map((entry) => {
    const count = event.waiting?.[String(entry.service_id)];
    return typeof count === 'number' ? { ...entry, count } : entry;
  });

  if (number && ticket) {
    if (event.type === 'ticket_created' && ticket.status === 'waiting' && ticket.service) {
      const serviceId = ticket.service.id;
      waiting = waiting.map((entry, i) => {
        const before = snapshot.waiting[i];
        // Append only when the snapshot listed the whole queue of that service.
        const complete = before.next.length >= before.count;
        if (entry.service_id !== serviceId || !complete || entry.next.includes(number)) return entry;
        return { ...entry, next: [...entry.next, number] };
      });
    } else if (ticket.status !== 'waiting') {
      waiting = waiting.map((entry) =>
        entry.next.includes(number) ? { ...entry, next: entry.next.filter((n) => n !== number) } : entry,
      );
    }
  }

  let nowServing = snapshot.now_serving;
  if (event.type === 'ticket_called' && number && ticket) {
    const counter = event.counter ?? ticket.counter ?? null;
    nowServing = [
      {
        ticket_number: number,
        counter: counter ? counter.name : null,
        called_at: (ticket.called_at as string | null | undefined) ?? event.ts,
        recall_count: typeof ticket.recall_count === 'number' ? ticket.recall_count : 0,
      },
      ...nowServing.filter((entry) => entry.ticket_number !== number),
    ];
  }

  return { ...snapshot, seq: event.seq, waiting, now_serving: nowServing };
}
