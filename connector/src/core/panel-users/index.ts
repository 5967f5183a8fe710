/** The admin panel's sign-in data: local accounts and the ERP embed tokens already used. */
export * from './panel-user-store.ts';
export * from './token-uses.ts';
