import { queryString } from '@/shared/api/client';
import { downloadFile } from '@/shared/api/download';

export interface ExportRange {
  departmentId: number | null;
  from: string | null;
  to: string | null;
}

/** `GET /dashboard/export.csv` of the range, as a file. Resolves to the file name. */
export function downloadCsv({ departmentId, from, to }: ExportRange): Promise<string> {
  return downloadFile(`/dashboard/export.csv${queryString({ department_id: departmentId, from, to })}`, {
    accept: 'text/csv',
    fallbackName: `qstream-${departmentId ?? 'all'}-${from ?? 'from'}-${to ?? 'to'}.csv`,
  });
}
