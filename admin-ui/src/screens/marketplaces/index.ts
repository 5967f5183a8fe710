import type { ScreenDefinition } from '../screen';

export const screen: ScreenDefinition = {
  name: 'marketplaces',
  path: '/marketplaces',
  title: 'Marketplaces',
  order: 45,
  component: () => import('./MarketplacesScreen.vue'),
  needsBackend: true,
};
