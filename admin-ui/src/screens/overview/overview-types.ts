/** The API shapes the Overview reads. */
import type { components } from '@/api/openapi';

export type Overview = components['schemas']['BackendOverview'];
export type AtRiskList = components['schemas']['ShipByRiskList'];
export type Backend = components['schemas']['Backend'];
