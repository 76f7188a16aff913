/**
 * The areas that plug into the app: each lists its routes and navigation in
 * `src/routes/<area>/index.ts`, its strings in `src/locales/<lang>/<area>.json` and its
 * generated-client names in `src/api/sdk/<area>.ts`. Adding an area is one line here.
 */
import * as accountmgmt from './accounts';
import * as activities from './activities';
import * as careplans from './careplans';
import * as classifications from './classifications';
import * as leads from './leads';
import * as marketing from './marketing';
import * as offers from './offers';
import * as segments from './segments';

export const AREA_ROUTES = [
  ...leads.routes,
  ...offers.routes,
  ...segments.routes,
  ...careplans.routes,
  ...marketing.routes,
  ...activities.routes,
  ...classifications.routes,
  ...accountmgmt.routes,
] as const;

export const AREAS = [leads.area, offers.area, segments.area, careplans.area, marketing.area, activities.area, classifications.area, accountmgmt.area];
