import { afterEach, describe, expect, it, vi } from 'vitest';
import { client } from '../client/client.gen';
import { monthlyMovementCsv } from './sdk';
import { downloadFile, fileNameFrom } from './download';
import { ApiError } from './problem';
import { tokens } from './tokens';
import { createAuthFetch } from './http';

describe('file downloads', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('reads the file name from Content-Disposition, the UTF-8 form first', () => {
    expect(fileNameFrom(`attachment; filename="liikkuvuus-2026-03.csv"`, 'x')).toBe('liikkuvuus-2026-03.csv');
    expect(fileNameFrom(`attachment; filename="x.csv"; filename*=UTF-8''h%C3%A4vityt.csv`, 'x')).toBe('hävityt.csv');
    expect(fileNameFrom(null, 'fallback.csv')).toBe('fallback.csv');
  });

  it('downloads through the authenticated client and saves the blob under the server’s name', async () => {
    tokens.set({ access_token: 'tok', refresh_token: 'ref' });
    const seen: Request[] = [];
    const fake = async (input: RequestInfo | URL) => {
      seen.push(input as Request);
      return new Response('Kuukausi;Uudet\r\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="liikkuvuus-2026-03.csv"' },
      });
    };
    client.setConfig({ baseUrl: 'http://kumppani.test', fetch: createAuthFetch(fake as typeof fetch) as typeof fetch });
    const created: Blob[] = [];
    // jsdom has no object URLs.
    vi.stubGlobal('URL', Object.assign(URL, {
      createObjectURL: (b: Blob) => {
        created.push(b);
        return 'blob:1';
      },
      revokeObjectURL: () => {},
    }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const name = await downloadFile(monthlyMovementCsv({ query: { month: '2026-03', group_by: 'type' }, parseAs: 'blob' }), 'report.csv');
    expect(name).toBe('liikkuvuus-2026-03.csv');
    expect(seen[0]!.headers.get('Authorization')).toBe('Bearer tok');
    expect(new URL(seen[0]!.url).search).toBe('?month=2026-03&group_by=type');
    expect(click).toHaveBeenCalledOnce();
    expect(await created[0]!.text()).toBe('Kuukausi;Uudet\r\n');
  });

  it('turns a refused export into an ApiError', async () => {
    const fake = async () => new Response(JSON.stringify({ status: 403, title: 'Forbidden' }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } });
    client.setConfig({ baseUrl: 'http://kumppani.test', fetch: createAuthFetch(fake as typeof fetch) as typeof fetch });
    await expect(downloadFile(monthlyMovementCsv({ query: {}, parseAs: 'blob' }), 'r.csv')).rejects.toBeInstanceOf(ApiError);
  });
});
