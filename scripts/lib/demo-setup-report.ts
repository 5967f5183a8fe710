/**
 * What the set-up did in the ERP, for a person to see: the boot ran it (with consent in the demo); a second run
 * through the API is safe and reports every record it created then as found now, plus what is left by hand.
 */
import { connectorApi, log, realMode } from './demo-context.ts';

type Item = { what: string; erpModel: string };

export async function showSetup(token: string): Promise<void> {
  // Real mode: the backend setting decides (no consent given here).
  const res = await connectorApi(token, 'POST', '/api/backends/1/setup', realMode ? {} : { createMissing: true });
  if (!res.ok) return log(`set-up report: HTTP ${res.status}`);
  const report = (await res.json()) as { created: Item[]; found: Item[]; changed: Item[]; problems: Array<{ code: string; message: string }> };
  const byModel = (items: Item[]) => {
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.erpModel, (counts.get(i.erpModel) ?? 0) + 1);
    return [...counts].map(([m, n]) => `${m} ${n}`).join(', ');
  };
  log(`set-up in the ERP (${realMode ? 'reporting only' : 'with consent: erpSetup.createMissing'}):`);
  log(`  records it uses: ${byModel([...report.created, ...report.found])}`);
  for (const c of report.changed) log(`  changed: ${c.what}`);
  for (const p of report.problems) log(`  still to do by hand: ${p.code}: ${p.message.slice(0, 160)}${p.message.length > 160 ? '...' : ''}`);
  log('  the whole report: npm run -s cli -- setup --backend demo   (add --create-missing to consent)');
}
