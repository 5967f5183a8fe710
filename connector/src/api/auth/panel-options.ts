/** What the server needs to know about the admin panel's sign-in and files (main.ts builds it from the config). */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface PanelOptions {
  /** Signs and checks panel sessions (session-token.ts `deriveSessionKey` of the master key). */
  sessionKey: Uint8Array;
  /** PANEL_EMBED_SECRET; null: POST /api/session/exchange answers EMBED_NOT_CONFIGURED. */
  embedSecret: string | null;
  /** PANEL_ERP_ORIGINS: CSP frame-ancestors of /admin/ and accepted token issuers. */
  erpOrigins: readonly string[];
  /** PANEL_ERP_ISSUERS: more accepted token issuers. */
  erpIssuers: readonly string[];
  /** PANEL_LOCAL_LOGIN. */
  localLogin: boolean;
  /** The built panel (admin-ui/dist). */
  distDir: string;
}

/** The repository's built panel. */
export const DEFAULT_PANEL_DIST = join(import.meta.dirname, '..', '..', '..', '..', 'admin-ui', 'dist');

/** Without options (the document generator, HTTP tests): no embedding, no local login, a throw-away session key. */
export function panelDefaults(given: Partial<PanelOptions> = {}): PanelOptions {
  return { sessionKey: randomBytes(32), embedSecret: null, erpOrigins: [], erpIssuers: [], localLogin: false, distDir: DEFAULT_PANEL_DIST, ...given };
}
