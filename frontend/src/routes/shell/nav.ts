/** What an area adds to the side navigation; `entity`/`action` hide it from users who lack
 * the privilege (the server refuses anyway). */
import type { Action, Entity } from '../../api/permissions';

export interface NavItem {
  to: string;
  label: string;
  testId: string;
  entity?: Entity;
  /** `read` by default for the main navigation, `create` or `update` for admin screens. */
  action?: Action;
}

/** One area's contribution: routes under the signed-in app, main and admin navigation. */
export interface AreaNav {
  nav: readonly NavItem[];
  adminNav: readonly NavItem[];
}
