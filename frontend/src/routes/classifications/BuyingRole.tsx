/**
 * The contact's role in an account's buying centre (ostokeskus): decision maker, influencer,
 * expert or user. It lives on the contact–account link and is changed by patching the
 * contact's `accounts` (the whole list of links, so the others are sent back unchanged).
 */
import { Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { unwrapWithResponse } from '../../api/problem';
import { updateContact, type AccountLinkIn, type Contact, type ContactAccountLink } from '../../api/sdk';

export const BUYING_ROLES = ['decision_maker', 'influencer', 'expert', 'user'] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

function isBuyingRole(value: unknown): value is BuyingRole {
  return (BUYING_ROLES as readonly unknown[]).includes(value);
}

/** The links to send back, with `accountId`'s buying role set to `role`. */
export function linksWithBuyingRole(links: readonly ContactAccountLink[], accountId: string, role: BuyingRole | null): AccountLinkIn[] {
  return links.map((l) => ({
    account_id: l.account_id,
    role: l.role ?? null,
    buying_role: l.account_id === accountId ? role : isBuyingRole(l.buying_role) ? l.buying_role : null,
  }));
}

/** Saves a buying role with the contact's ETag; answers the contact and its new ETag. */
export async function saveBuyingRole(args: {
  contactId: string;
  etag: string;
  links: readonly ContactAccountLink[];
  accountId: string;
  role: BuyingRole | null;
}): Promise<{ contact: Contact; etag: string | null }> {
  const { data, response } = await unwrapWithResponse(
    updateContact({
      path: { contact_id: args.contactId },
      body: { accounts: linksWithBuyingRole(args.links, args.accountId, args.role) },
      headers: { 'If-Match': args.etag },
    }),
  );
  return { contact: data, etag: response.headers.get('ETag') };
}

export function BuyingRoleLabel({ role }: { role: string | null | undefined }) {
  const { t } = useTranslation();
  if (!role) return <Text span size="sm" c="dimmed">—</Text>;
  return (
    <Text span size="sm" data-testid="buying-role">
      {t(`classifications.buyingRoles.${role}`, { defaultValue: role })}
    </Text>
  );
}

/** A select of the buying roles; clearing it takes the role off. */
export function BuyingRoleSelect({ name, value, disabled, onChange }: {
  /** Whose role, for the accessible label ("Buying role of Anna Aalto at Kone Oyj"). */
  name: string;
  value: string | null | undefined;
  disabled?: boolean;
  onChange: (role: BuyingRole | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      size="xs"
      w={180}
      clearable
      aria-label={t('classifications.buyingRole.of', { name })}
      placeholder={t('classifications.buyingRole.none')}
      data={BUYING_ROLES.map((r) => ({ value: r, label: t(`classifications.buyingRoles.${r}`) }))}
      value={isBuyingRole(value) ? value : null}
      disabled={disabled}
      onChange={(v) => onChange(isBuyingRole(v) ? v : null)}
      data-testid="buying-role-select"
    />
  );
}
