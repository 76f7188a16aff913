/** The signed-in user's session: tokens in, tokens out, and the `me` query. */
import { useQuery } from '@tanstack/react-query';
import { getMe, login, logout } from './sdk';
import { unwrap } from './problem';
import { tokens } from './tokens';

export const meQueryKey = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: () => unwrap(getMe()),
    staleTime: 5 * 60_000,
    enabled: tokens.access() !== null,
  });
}

export async function signIn(email: string, password: string): Promise<void> {
  const pair = await unwrap(login({ body: { email, password } }));
  tokens.set(pair);
}

export async function signOut(): Promise<void> {
  const refreshToken = tokens.refresh();
  try {
    if (refreshToken) await logout({ body: { refresh_token: refreshToken } });
  } finally {
    tokens.clear();
  }
}

export function isSignedIn(): boolean {
  return tokens.access() !== null;
}
