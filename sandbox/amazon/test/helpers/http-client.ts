/** Plain node:http calls with any Host header (fetch would not let a test choose it). */
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  text: string;
}

/** One request to 127.0.0.1:port; the body is sent as JSON unless `form` is given. */
export function call(port: number, opts: { method?: string; path: string; host?: string; token?: string;
  json?: unknown; form?: string; headers?: Record<string, string> }): Promise<Answer> {
  const payload = opts.form ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json));
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.host) headers.host = opts.host;
  if (opts.token) headers['x-amz-access-token'] = opts.token;
  if (payload !== undefined) {
    headers['content-type'] = opts.form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** An access token for a seller through the LWA endpoint. */
export async function accessToken(port: number, seller: { clientId: string; clientSecret: string; refreshToken: string }):
  Promise<string> {
  const a = await call(port, { method: 'POST', path: '/auth/o2/token', host: 'api.amazon.com', json: {
    grant_type: 'refresh_token', refresh_token: seller.refreshToken, client_id: seller.clientId,
    client_secret: seller.clientSecret } });
  if (a.status !== 200) throw new Error(`LWA answered ${a.status}: ${a.text}`);
  return (a.body as { access_token: string }).access_token;
}
