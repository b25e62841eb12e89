import { queryString } from '@/shared/api/client';
import { downloadFile } from '@/shared/api/download';

/** `GET /schedules/me.ics` of the range, as a file. Resolves to the file name. */
export function downloadMyCalendar({ from, to }: { from: string | null; to: string | null }): Promise<string> {
  return downloadFile(`/schedules/me.ics${queryString({ from, to })}`, {
    accept: 'text/calendar',
    fallbackName: 'my-schedule.ics',
    type: 'text/calendar',
  });
}
