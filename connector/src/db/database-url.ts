/** The URL of another database on the same server (same host, port, user): the test databases, the demo's. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
