import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'settlements',
  path: '/settlements',
  title: 'Settlements',
  order: 37,
  component: () => import('./SettlementsScreen.vue'),
  needsBackend: true,
};
