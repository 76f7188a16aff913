/** A fake fetch for tests: routes "METHOD /path" to handlers and records every request. */
import { client } from '../client/client.gen';
import { createAuthFetch } from '../api/http';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (req: Recorded) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } });
}

export function installFakeApi(routes: Record<string, Handler>) {
  const requests: Recorded[] = [];
  const fakeFetch = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input as Request;
    const url = new URL(request.url);
    const text = await request.text();
    const rec: Recorded = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(rec);
    const handler = routes[`${rec.method} ${rec.path}`];
    if (!handler) return json(404, { title: 'Not Found', status: 404 });
    return handler(rec);
  };
  client.setConfig({ baseUrl: 'http://kumppani.test', fetch: createAuthFetch(fakeFetch as typeof fetch) as typeof fetch });
  return { requests };
}
