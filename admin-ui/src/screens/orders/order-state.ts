/** The order sync states as the panel shows them: label and tag colour. */
import type { components } from '@/api/openapi';

export type Order = components['schemas']['Order'];
export type OrderState = Order['state'];
type Tone = 'success' | 'warning' | 'error' | 'info' | 'default';

export const ORDER_STATES: Record<OrderState, { label: string; tone: Tone }> = {
  imported: { label: 'Imported', tone: 'success' },
  kept: { label: 'Kept as in ERP', tone: 'success' },
  waiting: { label: 'Waiting', tone: 'info' },
  queued: { label: 'Queued', tone: 'info' },
  conflict: { label: 'Conflict', tone: 'warning' },
  failed: { label: 'Failed', tone: 'error' },
  not_imported: { label: 'Not imported', tone: 'default' },
  ignored: { label: 'Ignored', tone: 'default' },
};
