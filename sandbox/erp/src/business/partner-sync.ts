/**
 * What follows a partner create or write: the commercial entity and its commercial fields (see
 * commercial-partner.ts), then, with `base_vat` installed, the VAT check of the numbers concerned.
 */
import type { Env, Vals } from '../orm/types.ts';
import { commercialEntities, recomputeCommercialPartners, syncCommercialFields } from './commercial-partner.ts';
import { checkPartnerVats } from './vat-check.ts';

/** res.partner after create (all ids of the call, batched). */
export async function afterPartnerCreate(env: Env, ids: number[]): Promise<void> {
  await recomputeCommercialPartners(env, ids);
  await syncCommercialFields(env, ids);
  if (env.registry.modules.has('base_vat')) {
    await checkPartnerVats(env, ids);
    await syncCommercialFields(env, ids);
  }
}

/** res.partner after write. */
export async function afterPartnerWrite(env: Env, ids: number[], vals: Vals): Promise<void> {
  if ('parent_id' in vals || 'is_company' in vals) await recomputeCommercialPartners(env, ids);
  if ('parent_id' in vals) await syncCommercialFields(env, ids);
  if (env.registry.modules.has('base_vat') && ('vat' in vals || 'country_id' in vals || 'parent_id' in vals)) await checkPartnerVats(env, ids);
  // a number written on a commercial entity reaches its contacts
  if ('vat' in vals || 'is_company' in vals) await syncCommercialFields(env, await commercialEntities(env, ids));
}
