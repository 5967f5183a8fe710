import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'skus',
  path: '/skus',
  title: 'SKUs',
  order: 40,
  component: () => import('./SkusScreen.vue'),
  needsBackend: true,
};
