/** How the panel writes times, money and counts: one place, so every screen reads alike. */
export interface MoneyValue {
  amount: string;
  currency: string;
}

/** Money from the API's decimal string (never through a float sum), in the browser's locale. */
export function formatMoney(m: MoneyValue | null | undefined): string {
  if (!m) return '—';
  const n = Number(m.amount);
  if (!Number.isFinite(n)) return `${m.amount} ${m.currency}`;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency }).format(n);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3 min ago", "2 h ago": for how fresh something is. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString());
