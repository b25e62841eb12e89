import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublicTicket } from '@/shared/api/types';

export type AlertPermission = NotificationPermission | 'unsupported';

function currentPermission(): AlertPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

/**
 * Tell the customer when their number is called (and called again): a browser
 * notification, if they allowed it with the button (never asked on load), a
 * vibration where the phone can, and the tab's title.
 */
export function useCallAlert(ticket: PublicTicket | null) {
  const [permission, setPermission] = useState<AlertPermission>(currentPermission);
  const [asking, setAsking] = useState(false);
  /** The last call seen ("called|<called_at>"); null before the first load. */
  const lastSeen = useRef<string | null>(null);

  const requestPermission = useCallback(async () => {
    if (!('Notification' in window)) return;
    setAsking(true);
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(currentPermission());
    } finally {
      setAsking(false);
    }
  }, []);

  const callKey = ticket ? `${ticket.status}|${ticket.status === 'called' ? (ticket.called_at ?? '') : ''}` : null;

  useEffect(() => {
    if (!ticket || callKey === null) return;
    const before = lastSeen.current;
    lastSeen.current = callKey;
    // Only a change seen live alerts: opening the page of a called ticket does not.
    if (before === null || before === callKey || ticket.status !== 'called') return;
    alertCalled(ticket, permission);
  }, [callKey, ticket, permission]);

  // The title says it too (a background tab shows it); restored afterwards.
  useEffect(() => {
    if (!ticket) return;
    const previous = document.title;
    document.title =
      ticket.status === 'called'
        ? `Your turn: ${ticket.ticket_number} → ${ticket.counter?.name ?? 'counter'}`
        : `${ticket.ticket_number} · QStream`;
    return () => {
      document.title = previous;
    };
  }, [ticket]);

  return { permission, requestPermission, asking };
}

function alertCalled(ticket: PublicTicket, permission: AlertPermission) {
  const counter = ticket.counter?.name ?? 'the counter';
  try {
    navigator.vibrate?.([400, 150, 400, 150, 400]);
  } catch {
    // Not allowed without a tap on some browsers: the screen still shows it.
  }
  if (permission !== 'granted') return;
  try {
    new Notification(`Your turn: ${ticket.ticket_number}`, {
      body: `Please go to ${counter}.`,
      tag: `qstream-${ticket.public_id}`,
    });
  } catch {
    // Mobile Chrome allows notifications only from a service worker: the page still shows it.
  }
}
