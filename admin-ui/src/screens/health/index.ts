import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'health',
  path: '/health',
  title: 'Account health',
  order: 44,
  component: () => import('./HealthScreen.vue'),
  needsBackend: true,
};
