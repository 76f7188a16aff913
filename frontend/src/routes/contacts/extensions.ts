/**
 * What other areas add to the contact page, as ../accounts/extensions.ts does for the account
 * page: cards under the contact's details. Add one line per card; order is display order.
 */
import type { ComponentType } from 'react';
import type { Action, Entity } from '../../api/permissions';
import type { Contact } from '../../api/sdk';
import { ContactClassificationsCard } from '../classifications/ClassificationChips';

export interface ContactPanelProps {
  contact: Contact;
  /** The contact's ETag, for panels that edit the contact itself. */
  etag: string | null;
  /** Reload the contact (after a panel changed it). */
  onChanged: () => void;
}

export interface ContactCard {
  key: string;
  requires?: { entity: Entity; action: Action };
  Card: ComponentType<ContactPanelProps>;
}

/** Cards under the contact's details. */
export const CONTACT_CARDS: readonly ContactCard[] = [
  // classifications: the contact's classifications as chips
  { key: 'contact-classifications', requires: { entity: 'classification', action: 'read' }, Card: ContactClassificationsCard },
];
