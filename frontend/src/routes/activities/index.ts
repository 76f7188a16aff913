/** The activities area: its routes under the signed-in app and its navigation entries. */
import type { AreaNav } from '../shell/nav';

export const routes = [] as const;

export const area: AreaNav = { nav: [], adminNav: [] };
