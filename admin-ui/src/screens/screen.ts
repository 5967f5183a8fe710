/** What a screen declares: the registry (screens/index.ts) turns this list into the navigation and the routes. */
import type { Component } from 'vue';

export interface ScreenDefinition {
  /** Route name, unique (e.g. 'orders'). */
  name: string;
  /** Route path under /admin/ (e.g. '/orders'). */
  path: string;
  /** The navigation label and the document title. */
  title: string;
  /** Position in the navigation (smaller first). */
  order: number;
  component: () => Promise<{ default: Component }>;
  /** The screen shows one backend's data: it asks to pick one when none exists. */
  needsBackend?: boolean;
}
