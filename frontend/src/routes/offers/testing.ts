/** Fixtures for the offers area's screen tests (the fake API answers with these). */
import type { Me, Offer, OfferType, Order, Privilege, Product } from '../../api/sdk';
import { makeAccount, UNIT, units, users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';

const directory: Privilege[] = [
  { entity: 'user', action: 'read', depth: 'organisation' },
  { entity: 'business_unit', action: 'read', depth: 'organisation' },
  { entity: 'team', action: 'read', depth: 'business_unit' },
  { entity: 'offer_type', action: 'read', depth: 'organisation' },
  { entity: 'product', action: 'read', depth: 'organisation' },
];
const grant = (entities: string[], actions: Privilege['action'][], depth: string): Privilege[] =>
  entities.flatMap((entity) => actions.map((action) => ({ entity, action, depth })));

export const sellerMe: Me = {
  id: 'u-sanna',
  email: 'u-sanna@kumppani.test',
  name: 'Sanna Virtanen',
  locale: 'fi',
  business_unit_id: UNIT,
  roles: [],
  privileges: [
    ...directory,
    ...grant(['account', 'contact', 'activity', 'offer', 'order'], ['read'], 'business_unit'),
    ...grant(['offer', 'order'], ['create', 'update', 'assign'], 'own'),
    ...grant(['sales_target'], ['read'], 'own'),
  ],
  is_admin: false,
};

export const managerMe: Me = {
  ...sellerMe,
  id: 'u-mirja',
  name: 'Mirja Mäkinen',
  privileges: [
    ...directory,
    ...grant(['account', 'contact', 'activity', 'offer', 'order', 'sales_target'], ['read', 'create', 'update', 'delete', 'export'], 'unit_and_children'),
  ],
};

export const adminMe: Me = {
  ...managerMe,
  id: 'u-admin',
  name: 'Ylläpitäjä',
  privileges: [...managerMe.privileges, ...grant(['product', 'offer_type'], ['read', 'create', 'update', 'delete'], 'organisation')],
  is_admin: true,
};

const stamp = { created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-02T10:00:00Z' };

export const staffTraining: OfferType = {
  id: 'ot-staff',
  key: 'staff_training',
  name: 'Henkilöstökoulutus',
  name_en: 'Staff training',
  name_sv: 'Personalutbildning',
  description: null,
  sort_order: 30,
  is_active: true,
  version: 1,
  ...stamp,
};
export const apprenticeship: OfferType = { ...staffTraining, id: 'ot-appr', key: 'apprenticeship', name: 'Oppisopimuskoulutus', name_en: 'Apprenticeship training', sort_order: 10 };

export const hotWork: Product = {
  id: 'p-hot',
  code: 'EDU-HOT',
  name: 'Tulityökortti',
  name_en: 'Hot work licence',
  name_sv: null,
  kind: 'service',
  product_group_id: null,
  unit: 'hlö',
  unit_price: '95.00',
  business_unit_id: null,
  description: null,
  is_active: true,
  version: 1,
  ...stamp,
};

export function makeOffer(id: string, patch: Partial<Offer> = {}): Offer {
  return {
    id,
    number: 'TAR-2026-000042',
    title: 'Tulityökoulutus',
    description: null,
    account_id: 'acc-1',
    account_name: 'Rakennus Oy',
    contact_id: null,
    contact_name: null,
    offer_type_id: 'ot-staff',
    offer_type_name: 'Henkilöstökoulutus',
    offer_type_name_en: 'Staff training',
    offer_type_name_sv: null,
    offered_on: '2026-03-02',
    valid_until: '2026-04-01',
    is_expired: false,
    total: '1140.00',
    status: 'open',
    status_reason: null,
    closed_on: null,
    allowed_statuses: ['won', 'lost', 'cancelled'],
    order: null,
    lines: [
      { position: 1, product_id: 'p-hot', product_code: 'EDU-HOT', name: 'Tulityökortti', unit: 'hlö', quantity: '12.000', unit_price: '95.00', discount_percent: '0.00', line_total: '1140.00' },
    ],
    attachments: [],
    activity_id: null,
    activity_subject: null,
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    business_unit_id: UNIT,
    business_unit_name: 'Myynti Etelä',
    created_by: 'u-sanna',
    version: 3,
    ...stamp,
    ...patch,
  };
}

export function makeOrder(id: string, patch: Partial<Order> = {}): Order {
  return {
    id,
    number: 'TIL-2026-000007',
    title: 'Tulityökoulutus',
    description: null,
    account_id: 'acc-1',
    account_name: 'Rakennus Oy',
    contact_id: null,
    contact_name: null,
    offer_id: 'of-1',
    offer_number: 'TAR-2026-000042',
    offer_type_id: 'ot-staff',
    offer_type_name: 'Henkilöstökoulutus',
    ordered_on: '2026-03-10',
    total: '1140.00',
    status: 'ordered',
    status_reason: null,
    in_delivery_on: null,
    invoiced_on: null,
    cancelled_on: null,
    allowed_statuses: ['in_delivery', 'cancelled'],
    external_reference: null,
    lines: makeOffer('of-1').lines,
    owner_id: 'u-sanna',
    owner_name: 'Sanna Virtanen',
    business_unit_id: UNIT,
    business_unit_name: 'Myynti Etelä',
    created_by: 'u-sanna',
    version: 1,
    ...stamp,
    ...patch,
  };
}

export const page = <T,>(items: T[], next_cursor: string | null = null) => ({ items, next_cursor });

type Handler = Parameters<typeof installFakeApi>[0][string];

/** The fake API every offers screen needs (me, directories, offer types, the account), plus `routes`. */
export function installOffersApi(me: Me, routes: Record<string, Handler> = {}) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, me),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/offer-types': () => json(200, page([apprenticeship, staffTraining])),
    'GET /api/v1/accounts/acc-1': () => json(200, makeAccount('acc-1', 'Rakennus Oy'), { ETag: '"1"' }),
    'GET /api/v1/accounts': () => json(200, page([makeAccount('acc-1', 'Rakennus Oy')])),
    ...routes,
  });
}
