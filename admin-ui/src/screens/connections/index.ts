import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'connections',
  path: '/connections',
  title: 'Connections',
  order: 80,
  component: () => import('./ConnectionsScreen.vue'),
};
