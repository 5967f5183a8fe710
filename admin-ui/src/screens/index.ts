/** Every screen of the panel: one line each. Navigation, routes and titles come from this list. */
import type { ScreenDefinition } from './screen';
import { screen as overview } from './overview';
import { screen as orders } from './orders';

export type { ScreenDefinition };

export const screens: ScreenDefinition[] = [
  overview,
  orders,
].sort((a, b) => a.order - b.order);
