import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'orders',
  path: '/orders',
  title: 'Orders',
  order: 20,
  component: () => import('./OrdersScreen.vue'),
  needsBackend: true,
};
