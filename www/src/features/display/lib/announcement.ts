/**
 * What the board says for a call: "Ticket A 0 4 2, counter 3". The ticket is
 * spelled character by character so that no voice reads "042" as "forty-two"
 * or "A" as an article; only numbers and counters are spoken, never names.
 */
export function spellTicketNumber(ticketNumber: string): string {
  return ticketNumber
    .replace(/[^A-Za-z0-9]/g, '')
    .split('')
    .join(' ');
}

export function announcementText(ticketNumber: string, counterName: string | null | undefined): string {
  const ticket = `Ticket ${spellTicketNumber(ticketNumber)}`;
  const counter = (counterName ?? '').trim();
  if (!counter) return ticket;
  // "Counter 3" reads as it is; a desk named otherwise is still announced as a counter.
  const place = /\bcounter\b/i.test(counter) ? counter.replace(/\bcounter\b/i, 'counter') : `counter ${counter}`;
  return `${ticket}, ${place}`;
}
