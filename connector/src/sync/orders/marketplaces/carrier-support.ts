/**
 * Whether a backend's ERP takes carriers on sales orders, for the marketplace screen: asked with fields_get, a yes
 * kept a minute per backend in this process (the screen reloads its settings after every save; a no is asked again,
 * so installing the module shows at once); an ERP that does not answer is `unknown`, never an error of the read.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { saleOrderHasCarrier } from '../erp/carrier-field.ts';
import type { CarrierSupportT } from './marketplaces.schemas.ts';

export interface CarrierSupportCache {
  of(backendId: number, erp: () => Promise<Pick<ErpPort, 'fieldsGet'>>): Promise<CarrierSupportT>;
}

export function createCarrierSupportCache(ttlMs = 60_000, now: () => number = Date.now): CarrierSupportCache {
  const entries = new Map<number, { at: number; support: CarrierSupportT }>();
  return {
    async of(backendId, erp) {
      const hit = entries.get(backendId);
      if (hit && now() - hit.at < ttlMs) return hit.support;
      let support: CarrierSupportT;
      try {
        support = (await saleOrderHasCarrier(await erp())) ? 'ok' : 'module_missing';
      } catch {
        // Not kept: the next read asks again.
        return 'unknown';
      }
      // Only a yes is kept: a module installed meanwhile is seen at the next read.
      if (support === 'ok') entries.set(backendId, { at: now(), support });
      return support;
    },
  };
}
