import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'care',
  path: '/care',
  title: 'Customer care',
  order: 35,
  component: () => import('./CareScreen.vue'),
  needsBackend: true,
};
