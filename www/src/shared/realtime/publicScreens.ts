import type { RealtimeEvent, RealtimeEventType } from './types';

/**
 * Department events that change nothing a public screen shows. The bridge sends
 * every event of a department's channel to every socket that joined it, public
 * ones included, so the kiosk, the display board and the tracking page hear
 * these too, and must not refetch their REST snapshot for them:
 *
 * - `alerts_updated`: the managers' service-level alerts. The alert job
 *   publishes it on its own clock, with no request behind it; were the public
 *   screens to refetch, every kiosk, board and phone following a ticket would
 *   hit the API each time a department's alerts change, for a snapshot that
 *   has no alerts in it.
 * - `schedule_updated`: the staff rota, which no public snapshot shows either.
 */
const NOT_FOR_PUBLIC_SCREENS: ReadonlySet<RealtimeEventType> = new Set<RealtimeEventType>([
  'alerts_updated',
  'schedule_updated',
]);

/**
 * Whether a department event may change what a public screen (kiosk, display
 * board, tracking page) shows, i.e. whether it should refetch its snapshot.
 *
 * Only the refetch is skipped. The event still takes its place in the seq: the
 * shared layer counts it like any other (so no gap and no `ping_ahead` follow),
 * and a screen that keeps its snapshot's seq (the board) still advances to it.
 * The waiting counts it carries were taken with its seq, so they are current
 * and may be shown.
 */
export function changesPublicScreens(event: RealtimeEvent): boolean {
  return !NOT_FOR_PUBLIC_SCREENS.has(event.type);
}
