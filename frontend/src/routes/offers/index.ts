/** The offers area: offers and orders, sales targets, the offer reports, and the catalogue and
 * offer-type admin screens — its routes under the signed-in app and its navigation entries. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../base';
import type { AreaNav } from '../shell/nav';

const offersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/offers',
  component: lazyRouteComponent(() => import('./OffersPage'), 'OffersPage'),
});
const offerNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/offers/new',
  component: lazyRouteComponent(() => import('./OfferCreatePage'), 'OfferCreatePage'),
  // ?account=<id>: from the account page.
  validateSearch: (search: Record<string, unknown>): { account?: string } =>
    typeof search.account === 'string' ? { account: search.account } : {},
});
const offerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/offers/$offerId',
  component: lazyRouteComponent(() => import('./OfferPage'), 'OfferPage'),
});
const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  component: lazyRouteComponent(() => import('./OrdersPage'), 'OrdersPage'),
});
const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/$orderId',
  component: lazyRouteComponent(() => import('./OrderPage'), 'OrderPage'),
});
const targetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sales-targets',
  component: lazyRouteComponent(() => import('./SalesTargetsPage'), 'SalesTargetsPage'),
});
const reportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports/offers',
  component: lazyRouteComponent(() => import('./OffersReportPage'), 'OffersReportPage'),
});
const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/products',
  component: lazyRouteComponent(() => import('./ProductsPage'), 'ProductsPage'),
});
const productGroupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/product-groups',
  component: lazyRouteComponent(() => import('./ProductGroupsPage'), 'ProductGroupsPage'),
});
const offerTypesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/offer-types',
  component: lazyRouteComponent(() => import('./OfferTypesPage'), 'OfferTypesPage'),
});

export const routes = [
  offersRoute,
  offerNewRoute,
  offerRoute,
  ordersRoute,
  orderRoute,
  targetsRoute,
  reportRoute,
  productsRoute,
  productGroupsRoute,
  offerTypesRoute,
] as const;

export const area: AreaNav = {
  nav: [
    { to: '/offers', label: 'offers.nav.offers', testId: 'nav-offers', entity: 'offer' },
    { to: '/orders', label: 'offers.nav.orders', testId: 'nav-orders', entity: 'order' },
    { to: '/sales-targets', label: 'offers.nav.targets', testId: 'nav-sales-targets', entity: 'sales_target' },
    { to: '/reports/offers', label: 'offers.nav.report', testId: 'nav-offers-report', entity: 'offer' },
  ],
  adminNav: [
    { to: '/admin/products', label: 'offers.nav.products', testId: 'nav-admin-products', entity: 'product' },
    { to: '/admin/product-groups', label: 'offers.nav.productGroups', testId: 'nav-admin-product-groups', entity: 'product' },
    { to: '/admin/offer-types', label: 'offers.nav.offerTypes', testId: 'nav-admin-offer-types', entity: 'offer_type' },
  ],
};
