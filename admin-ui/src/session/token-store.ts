/** The session token, in memory only (never storage, never a cookie): a reload re-runs the embedded exchange. */
let token: string | undefined;

export const currentToken = (): string | undefined => token;
export const setToken = (t: string | undefined): void => {
  token = t;
};
