/** Server-side searches behind the request form's pickers. */
import { unwrap } from '../../api/problem';
import { listAccounts, listContacts } from '../../api/sdk';
import type { Option } from '../../components/RemoteSelect';

export async function searchAccounts(q: string): Promise<Option[]> {
  const page = await unwrap(listAccounts({ query: { limit: 20, sort: 'name', ...(q ? { q } : {}) } }));
  return page.items.map((a) => ({ value: a.id, label: a.business_id ? `${a.name} (${a.business_id})` : a.name }));
}

/** Contacts, limited to the chosen customer's when there is one. */
export function contactSearch(accountId: string | null) {
  return async (q: string): Promise<Option[]> => {
    const page = await unwrap(
      listContacts({ query: { limit: 20, sort: 'last_name', ...(q ? { q } : {}), ...(accountId ? { account_id: accountId } : {}) } }),
    );
    return page.items.map((c) => ({
      value: c.id,
      label: [`${c.first_name} ${c.last_name}`, c.phone ?? c.email].filter(Boolean).join(' · '),
    }));
  };
}
