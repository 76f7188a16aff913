/** The account page's "Offers and orders" tab, loaded when it is first opened (the account
 * page stays small for everyone who never opens it). */
import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { AccountPanelProps } from '../accounts/extensions';

const AccountOffers = lazy(() => import('./AccountOffers').then((m) => ({ default: m.AccountOffers })));

export function AccountOffersTab(props: AccountPanelProps) {
  return (
    <Suspense fallback={<Loader size="sm" />}>
      <AccountOffers {...props} />
    </Suspense>
  );
}
