/** The queue screen's columns: a column key is a field of a request list item. */
import { Badge, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { ServiceRequest } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { formatDate, formatDateTimeCompact } from '../../lib/format';
import { delegationAcknowledged, delegationShort } from './delegation';
import { PriorityBadge, StatusBadge } from './StatusBadge';

export const SORTABLE = new Set(['received_at', 'updated_at', 'created_at', 'callback_due_at', 'number', 'title']);
/** Shown for a queue, and the base of a new view. */
export const DEFAULT_COLUMNS = ['number', 'title', 'account_name', 'subject_name', 'status_reason', 'priority', 'owner_name', 'delegated_by_name', 'received_at'];
export const DEFAULT_SORT = '-received_at';
export const DELEGATION_COLUMNS = new Set(['delegated_by_name', 'delegated_to_user_name', 'delegated_to_queue_name']);

const LABELS: Record<string, string> = {
  number: 'service.number',
  title: 'service.title',
  account_name: 'service.customer',
  contact_name: 'service.contact',
  caller_name: 'service.callerName',
  caller_phone: 'service.callerPhone',
  caller_email: 'service.callerEmail',
  subject_name: 'service.subject',
  request_type: 'service.requestType',
  origin: 'service.origin',
  service_channel: 'service.serviceChannel',
  status_reason: 'service.statusReason',
  state: 'service.state',
  priority: 'service.priority',
  satisfaction: 'service.satisfaction',
  owner_name: 'service.owner',
  business_unit_name: 'service.businessUnit',
  queue_name: 'service.queue',
  delegated_by_name: 'service.delegationColumn',
  delegated_to_user_name: 'service.delegatedToUser',
  delegated_to_queue_name: 'service.delegatedToQueue',
  delegated_at: 'service.delegatedAt',
  delegation_status: 'service.delegationStatus',
  received_at: 'service.received',
  callback_due_at: 'service.callbackDueAt',
  follow_up_by: 'service.followUpBy',
  first_response_at: 'service.firstResponseAt',
  resolved_at: 'service.resolvedAt',
  first_response_hours: 'service.firstResponseHours',
  resolution_hours: 'service.resolutionHours',
  billing_status: 'service.billingStatus',
  site: 'service.site',
  usage_point: 'service.usagePoint',
  contract_number: 'service.contractNumber',
  meter_number: 'service.meterNumber',
  business_id: 'service.businessId',
  created_at: 'common.createdAt',
  updated_at: 'common.updated',
};

export function columnLabel(t: TFunction, column: string): string {
  return LABELS[column] ? t(LABELS[column]) : column;
}

/**
 * The columns to show for a view: its own, with "delegated by → to" always there (one column
 * stands for the three delegation fields) so who handed what to whom is never hidden.
 */
export function displayColumns(columns: readonly string[] | undefined): string[] {
  const base = columns && columns.length > 0 ? [...columns] : [...DEFAULT_COLUMNS];
  const out: string[] = [];
  let delegation = false;
  for (const c of base) {
    if (DELEGATION_COLUMNS.has(c)) {
      if (!delegation) out.push('delegated_by_name');
      delegation = true;
    } else out.push(c);
  }
  if (!delegation) {
    const at = out.indexOf('received_at');
    out.splice(at < 0 ? out.length : at, 0, 'delegated_by_name');
  }
  return out;
}

const ENUMS: Record<string, string> = {
  request_type: 'requestType',
  origin: 'origin',
  service_channel: 'serviceChannel',
  billing_status: 'billingStatus',
};
const MOMENTS = new Set(['received_at', 'callback_due_at', 'first_response_at', 'resolved_at', 'delegated_at', 'created_at', 'updated_at']);

export function renderCell(t: TFunction, language: string, r: ServiceRequest, column: string): ReactNode {
  const value = (r as unknown as Record<string, unknown>)[column];
  switch (column) {
    case 'number':
      return (
        <AnchorLink to="/service-requests/$requestId" params={{ requestId: r.id }} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {r.number}
        </AnchorLink>
      );
    case 'title':
      return (
        <AnchorLink to="/service-requests/$requestId" params={{ requestId: r.id }} size="sm">
          {r.title}
        </AnchorLink>
      );
    case 'status_reason':
      return <StatusBadge status={r.status_reason} />;
    case 'priority':
      return <PriorityBadge priority={r.priority} size="sm" />;
    case 'state':
      return t(`service.states.${r.state}`);
    case 'delegated_by_name':
      return r.delegated_by_id ? (
        <Text size="sm" miw={120} data-testid="delegation-cell">
          {delegationShort(t, { by: r.delegated_by_name, toUser: r.delegated_to_user_name, toQueue: r.delegated_to_queue_name, at: r.delegated_at })}
          {!delegationAcknowledged(r) && (
            <Badge size="xs" color="orange" variant="light" ml={4}>
              {t('service.notAcknowledged')}
            </Badge>
          )}
        </Text>
      ) : null;
    case 'delegation_status':
      return value ? t(`service.delegationStatuses.${String(value)}`) : '';
    case 'follow_up_by':
      return formatDate(r.follow_up_by, language);
    case 'first_response_hours':
    case 'resolution_hours':
      return typeof value === 'number' ? value.toFixed(1) : '';
    default:
      if (ENUMS[column] && typeof value === 'string') return t(`${ENUMS[column]}.${value}`);
      if (MOMENTS.has(column) && typeof value === 'string') return <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeCompact(value, language)}</span>;
      return value === null || value === undefined ? '' : String(value);
  }
}
