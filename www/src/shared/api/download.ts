import { apiResponse } from './client';

/** `filename="qstream-3-2026-11-01-2026-11-30.csv"` (or RFC 5987 `filename*=`) of a Content-Disposition, else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (disposition) {
    const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (extended) {
      try {
        return decodeURIComponent(extended[1].trim());
      } catch {
        // Malformed: try the plain one.
      }
    }
    const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
    const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
    if (name) return name.replace(/[/\\]/g, '_');
  }
  return fallback;
}

export interface DownloadOptions {
  /** The file's media type, asked for in `Accept`. */
  accept: string;
  /** The name when the reply's Content-Disposition gives none. */
  fallbackName: string;
  /** Give the file this type (else the reply's own). */
  type?: string;
}

/**
 * Download a file from an API route that needs the bearer token, which a plain
 * link cannot send: fetch it as every API call does (the session's token,
 * renewed once on a 401; an ApiError when it fails), then hand the browser the
 * file through an object URL and a temporary `<a download>`. Resolves to the
 * file name.
 */
export async function downloadFile(path: string, { accept, fallbackName, type }: DownloadOptions): Promise<string> {
  const res = await apiResponse(path, { auth: true, headers: { Accept: accept } });
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(type ? new Blob([blob], { type }) : blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL; let it finish before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
