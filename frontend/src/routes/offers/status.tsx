/** Offer and order status badges and colours. */
import { Badge, Group, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OfferStatus, OrderStatus } from '../../api/sdk';

export const OFFER_STATUSES: readonly OfferStatus[] = ['open', 'won', 'lost', 'cancelled'];
export const ORDER_STATUSES: readonly OrderStatus[] = ['ordered', 'in_delivery', 'invoiced', 'cancelled'];
const OFFER_COLORS: Record<string, string> = { open: 'blue', won: 'teal', lost: 'red', cancelled: 'gray' };
const ORDER_COLORS: Record<string, string> = { ordered: 'blue', in_delivery: 'orange', invoiced: 'teal', cancelled: 'gray' };
const NO_SHRINK = { minWidth: 'max-content', textTransform: 'none' } as const;

export function OfferStatusBadge({ status, expired, ...rest }: { status: string; expired?: boolean } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color={OFFER_COLORS[status] ?? 'gray'} style={NO_SHRINK} data-testid="offer-status" data-status={status} {...rest}>
        {t(`offers.statuses.${status}`)}
      </Badge>
      {expired && (
        <Badge variant="outline" color="orange" style={NO_SHRINK} data-testid="offer-expired" {...rest}>
          {t('offers.expired')}
        </Badge>
      )}
    </Group>
  );
}

export function OrderStatusBadge({ status, ...rest }: { status: string } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={ORDER_COLORS[status] ?? 'gray'} style={NO_SHRINK} data-testid="order-status" data-status={status} {...rest}>
      {t(`offers.orderStatuses.${status}`)}
    </Badge>
  );
}
