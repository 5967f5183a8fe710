import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'overview',
  path: '/',
  title: 'Overview',
  order: 10,
  component: () => import('./OverviewScreen.vue'),
  needsBackend: true,
};
