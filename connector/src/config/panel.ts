/**
 * The admin panel's and the Amazon app's configuration: who may sign in to the panel and frame it, and the website
 * authorisation workflow ("Connect with Amazon"). loadConfig (config.ts) reads them from the environment.
 */

/** The admin panel's sign-in settings (api/auth/). */
export interface PanelConfig {
  /** PANEL_EMBED_SECRET: what the ERP signs its one-minute tokens with; null: embedding is refused. */
  embedSecret: string | null;
  /** PANEL_ERP_ORIGINS: the origins that may frame the panel (CSP frame-ancestors) and issue its tokens. */
  erpOrigins: string[];
  /** PANEL_ERP_ISSUERS: `iss` values accepted besides the origins. */
  erpIssuers: string[];
  /** PANEL_LOCAL_LOGIN: local accounts may sign in. */
  localLogin: boolean;
}

/** The origins of a comma list (`https://erp.example.com:8069`), normalised as URL.origin writes them; bad ones in `bad`. */
export function parseOrigins(raw: string | undefined, bad: (item: string) => void): string[] {
  const out: string[] = [];
  for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let url: URL | null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    // An origin only: scheme, host and port; a path, query or credentials would never match a browser's Origin.
    if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || `${url.origin}` !== item.replace(/\/$/, '').toLowerCase()) bad(item);
    else if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

export interface AmazonAppConfig {
  appId: string | null;
  draft: boolean;
  /** Where Amazon sends the seller back (the app's registered redirect URI); null: not offered. */
  redirectUri: string | null;
  /** Seller Central's base URL for every region (the demo's sandbox); null: the region's own. */
  sellerCentralUrl: string | null;
}
