import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'stock',
  path: '/stock',
  title: 'Stock',
  order: 42,
  component: () => import('./StockScreen.vue'),
  needsBackend: true,
};
