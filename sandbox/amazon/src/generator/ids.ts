/** Amazon-shaped identifiers: order ids `3-7-7` digits with a regional prefix, 14-digit order item ids. */
import type { Region } from '../config.ts';
import type { Rng } from './prng.ts';

const PREFIXES: Record<Region, string[]> = {
  eu: ['302', '303', '304', '305', '306', '028'],
  na: ['111', '112', '113', '114', '701', '702'],
  fe: ['249', '250', '503'],
};

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** An order id such as 304-1234567-7654321. */
export function makeOrderId(rng: Rng, region: Region): string {
  return `${rng.pick(PREFIXES[region])}-${digits(rng, 7)}-${digits(rng, 7)}`;
}

/** A 14-digit order item id. */
export function makeOrderItemId(rng: Rng): string {
  return String(rng.int(1, 9)) + digits(rng, 13);
}
