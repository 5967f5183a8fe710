/** The HTML of the web login and of the "Amazon" page that frames the panel like the Odoo addon's client action. */
import { roleOf, type HostUser } from './host-users.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{margin:0;font:14px system-ui,sans-serif;display:flex;flex-direction:column;height:100vh;background:#f4f5f7}
header{display:flex;gap:16px;align-items:center;padding:8px 16px;background:#714b67;color:#fff}
header strong{flex:1} header button{cursor:pointer}
main{flex:1;display:flex;min-height:0} iframe{flex:1;border:0;background:#fff}
#error{margin:16px;padding:12px;background:#fde2e1;color:#8a1c1c;border-radius:4px}
form.login{margin:auto;background:#fff;padding:24px;border-radius:6px;display:grid;gap:8px;min-width:280px}`;

/** Odoo-like login form; `error` after a refused attempt. */
export function loginPage(error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Login | ERP sandbox</title><style>${STYLE}</style></head>
<body><main><form class="login" method="post" action="/web/login">
<h1>ERP sandbox</h1>${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<label>Login <input name="login" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
<p><small>Users: integrator, accountant, viewer, admin (password = login)</small></p></form></main></body></html>`;
}

/**
 * The host page: asks its own endpoint for a token, opens the panel at `<panel>/admin/#erp_token=<jwt>`, and
 * answers the panel's `aec:need-token` only when the message comes from that iframe and the panel's origin.
 */
export function panelHostPage(user: HostUser): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Amazon | ERP sandbox</title><style>${STYLE}</style></head>
<body><header><strong>ERP sandbox · Amazon</strong><span id="user">${esc(user.name)} (${roleOf(user.groups)})</span>
<form method="post" action="/web/session/logout"><button type="submit">Log out</button></form></header>
<div id="error" role="alert" hidden></div>
<main><iframe id="panel" title="Amazon connector" hidden></iframe></main>
<script type="module">
const frame = document.getElementById('panel');
const errorBox = document.getElementById('error');
let panelOrigin = '';
const showError = (message) => { errorBox.textContent = message; errorBox.hidden = false; };
async function fetchPanelToken() {
  const response = await fetch('/amazon_connector/panel_token', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || 'The panel token could not be fetched (HTTP ' + response.status + ')');
  return body;
}
window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
  if (!event.data || event.data.type !== 'aec:need-token') return;
  try {
    const answer = await fetchPanelToken();
    frame.contentWindow.postMessage({ type: 'aec:erp-token', token: answer.token }, panelOrigin);
  } catch (error) { showError(error.message); }
});
try {
  const answer = await fetchPanelToken();
  panelOrigin = new URL(answer.panelUrl).origin;
  frame.src = answer.panelUrl + '/admin/#erp_token=' + encodeURIComponent(answer.token);
  frame.hidden = false;
} catch (error) { showError(error.message); }
</script></body></html>`;
}
