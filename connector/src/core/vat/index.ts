export * from './eu-vat.ts';
export * from './vat-treatment.ts';
export { canonicalRate } from './rate-key.ts';
export { vatSettings } from './vat.settings.ts';
export * from './tax-class.ts';
