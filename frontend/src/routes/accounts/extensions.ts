/**
 * What other areas add to the account page, so that each area keeps its account screens in
 * its own folder: tabs (a label and a panel) and cards on the details tab (class, account
 * team, care plan's next touches…). Add one line per tab or card; order is display order.
 */
import type { ComponentType } from 'react';
import type { Account } from '../../api/sdk';
import type { Action, Entity } from '../../api/permissions';
import { AccountCarePlanCard } from '../careplans/AccountCarePlanCard';
import { AccountClassificationsCard } from '../classifications/ClassificationChips';
import { AccountOffersTab } from '../offers/accountTab';
import { AccountClassCard } from '../segments/AccountClassCard';
import { AccountMergesCard } from './AccountMergesCard';
import { AccountTeamCard } from './AccountTeamCard';

export interface AccountPanelProps {
  account: Account;
  /** The account's ETag, for panels that edit the account itself. */
  etag: string | null;
  /** Reload the account (after a panel changed it). */
  onChanged: () => void;
}

export interface AccountTab {
  value: string;
  /** i18n key of the tab's label. */
  label: string;
  testId: string;
  /** Shown only to users with this privilege at some depth. */
  requires?: { entity: Entity; action: Action };
  Panel: ComponentType<AccountPanelProps>;
}

export interface AccountCard {
  key: string;
  requires?: { entity: Entity; action: Action };
  Card: ComponentType<AccountPanelProps>;
}

/** Tabs after "details" and "contacts", before "timeline" and "history". */
export const ACCOUNT_TABS: readonly AccountTab[] = [
  { value: 'offers', label: 'offers.account.tab', testId: 'tab-offers', requires: { entity: 'offer', action: 'read' }, Panel: AccountOffersTab },
];

/** Cards under the account's details. */
export const ACCOUNT_CARDS: readonly AccountCard[] = [
  // account management: the account manager and team, the duplicates merged into the account
  { key: 'account-team', Card: AccountTeamCard },
  { key: 'account-merges', Card: AccountMergesCard },
  // segmentation: the account class with its suggestion, approval and history
  { key: 'account-class', Card: AccountClassCard },
  // classifications: the account's classifications as chips
  { key: 'account-classifications', requires: { entity: 'classification', action: 'read' }, Card: AccountClassificationsCard },
  // care plans: the plan that applies and its next touches
  { key: 'care-plan', requires: { entity: 'activity', action: 'read' }, Card: AccountCarePlanCard },
];
