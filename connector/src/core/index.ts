/** The connector core: knows neither Amazon's nor the ERP's protocol. See README.md for the glossary. */
export * from './errors.ts';
export * from './crypto.ts';
export * from './sql.ts';
export * from './lock.ts';
export * from './secret-store.ts';
export * from './services.ts';
export * from './backend/index.ts';
export * from './binding/binder.ts';
export * from './binding/binding-join.ts';
export * from './conflict/index.ts';
export * from './lookup/index.ts';
export * from './mapper/index.ts';
export * from './rate-limit/index.ts';
export * from './workflow/index.ts';
export * from './stable-hash.ts';
export * from './tx.ts';
export * from './retention/index.ts';
