/** Access and refresh tokens, kept in localStorage so a reload keeps the session. */
const ACCESS = 'kumppani.access_token';
const REFRESH = 'kumppani.refresh_token';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export const tokens = {
  access: (): string | null => localStorage.getItem(ACCESS),
  refresh: (): string | null => localStorage.getItem(REFRESH),
  set(pair: TokenPair): void {
    localStorage.setItem(ACCESS, pair.access_token);
    localStorage.setItem(REFRESH, pair.refresh_token);
  },
  clear(): void {
    localStorage.removeItem(ACCESS);
    localStorage.removeItem(REFRESH);
  },
};
