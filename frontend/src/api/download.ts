/**
 * File downloads (report exports, import templates) through the generated client: the call is
 * made with `parseAs: 'blob'`, so it goes through the same authenticated fetch as every other
 * call (bearer token, one refresh on 401), and problems still arrive as problem+json errors.
 */
import { unwrapWithResponse } from './problem';

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The file name of a Content-Disposition header (RFC 6266: `filename*` wins over `filename`). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = plain ? (plain[2] ?? plain[1])!.trim() : '';
  return name || fallback;
}

/** Hands a blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Awaits a generated-SDK call made with `parseAs: 'blob'` and saves its body under the
 * server's file name (or `fallbackName`). Throws ApiError for a problem response. Returns the name.
 */
export async function downloadFile(call: Promise<SdkResult<unknown>>, fallbackName: string): Promise<string> {
  const { data, response } = await unwrapWithResponse(call);
  // Duck-typed: in tests the fetch's Blob class is not the DOM's.
  const isBlob = typeof data === 'object' && data !== null && 'size' in data && 'slice' in data;
  const blob = isBlob ? (data as Blob) : new Blob([data as BlobPart]);
  const name = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  saveBlob(blob, name);
  return name;
}
