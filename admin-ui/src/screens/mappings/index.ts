import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'mappings',
  path: '/mappings',
  title: 'Field mappings',
  order: 40,
  component: () => import('./MappingsScreen.vue'),
  needsBackend: true,
};
