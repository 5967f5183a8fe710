import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'conflicts',
  path: '/conflicts',
  title: 'Conflicts',
  order: 30,
  component: () => import('./ConflictsScreen.vue'),
  needsBackend: true,
};
