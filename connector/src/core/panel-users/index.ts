/** The admin panel's sign-in data: local accounts, the ERP embed tokens already used, failed sign-ins. */
export * from './panel-user-store.ts';
export * from './token-uses.ts';
export * from './login-failures.ts';
