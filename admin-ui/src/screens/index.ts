/** Every screen of the panel: one line each. Navigation, routes and titles come from this list. */
import type { ScreenDefinition } from './screen';
import { screen as overview } from './overview';
import { screen as orders } from './orders';
import { screen as skus } from './skus';
import { screen as stock } from './stock';
import { screen as marketplaces } from './marketplaces';
import { screen as mappings } from './mappings';
import { screen as conflicts } from './conflicts';
import { screen as connections } from './connections';
import { screen as care } from './care';
import { screen as settlements } from './settlements';
import { screen as health } from './health';

export type { ScreenDefinition };

export const screens: ScreenDefinition[] = [
  overview,
  orders,
  skus,
  stock,
  marketplaces,
  mappings,
  conflicts,
  connections,
  care,
  settlements,
  health,
].sort((a, b) => a.order - b.order);
