/**
 * The ERP modules the flows need (a flow's `erpModules`; the change feed's `base_automation` when webhooks are on),
 * checked by every set-up run before the flows' own steps: `ir.module.module` (name, state) read in one call; with
 * consent (the backend setting `erpSetup.installModules`, off by default) a missing one is installed with
 * `button_immediate_install`; without it each is reported as MODULE_MISSING with what to do, and the flows that need
 * it wait (their set-up steps and jobs, and their change feed subscriptions) until a run finds it installed.
 */
import { erpSetupSettings } from '../../core/backend/settings/index.ts';
import { isSyncError } from '../../core/errors.ts';
import type { CoreServices } from '../../core/services.ts';
import type { ErpPort } from '../../erp/erp-port.ts';
import type { ErpModuleNeed } from './flow.ts';
import type { SetupContext } from './setup.ts';

/** The health entry of a flow waiting for ERP modules (`<flow>.modules`), failing with MODULE_MISSING. */
export const modulesHealthOf = (flow: string): string => `${flow}.modules`;
export const MODULE_MISSING = 'MODULE_MISSING';

/** A module a flow needs and who needs it. */
export interface ModuleDemand extends ErpModuleNeed {
  flow: string;
}

/** The state of each named module (`installed`, `uninstalled`, `to install`...; absent: unknown to the ERP). */
export async function moduleStates(erp: ErpPort, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await erp.searchRead('ir.module.module', [['name', 'in', [...names]]], ['name', 'state']);
  return new Map(rows.map((r) => [String(r.name), String(r.state)]));
}

/**
 * Checks (and, with consent, installs) the modules `demands` name; reports what it installed in `ctx.report.changed`
 * and each module still missing as a MODULE_MISSING problem. Returns the flows that must wait.
 */
export async function ensureModules(ctx: SetupContext, demands: readonly ModuleDemand[]): Promise<Set<string>> {
  const waiting = new Set<string>();
  if (demands.length === 0) return waiting;
  const names = [...new Set(demands.map((d) => d.name))];
  const states = await moduleStates(ctx.erp, names);
  const consent = ctx.installModules ?? erpSetupSettings.of(ctx.backend.settings).installModules === true;
  for (const name of names) {
    if (states.get(name) === 'installed') continue;
    const who = demands.filter((d) => d.name === name);
    const moduleId = await moduleIdOf(ctx.erp, name);
    let refusal: string | null = null;
    if (consent && moduleId !== null) {
      try {
        await ctx.erp.call('ir.module.module', 'button_immediate_install', [moduleId]);
      } catch (e) {
        // The ERP refusing (a dependency it lacks): reported with its reason; an outage is thrown as any set-up's.
        if (!isSyncError(e) || e.kind !== 'permanent') throw e;
        refusal = e.message;
      }
      const after = await moduleStates(ctx.erp, [name]);
      if (after.get(name) === 'installed') {
        ctx.report.changed.push({ what: `module ${name} installed (${who.map((d) => d.why).join('; ')})`, erpModel: 'ir.module.module', erpId: moduleId });
        continue;
      }
    }
    for (const d of who) waiting.add(d.flow);
    const message = missingMessage(name, who, moduleId !== null, consent);
    ctx.report.problems.push({ code: MODULE_MISSING, message: refusal ? `${message} (the ERP refused to install it: ${refusal.slice(0, 300)})` : message });
  }
  return waiting;
}

async function moduleIdOf(erp: ErpPort, name: string): Promise<number | null> {
  const ids = await erp.search('ir.module.module', [['name', '=', name]], { limit: 1 });
  return ids[0] ?? null;
}

function missingMessage(name: string, who: readonly ModuleDemand[], known: boolean, consent: boolean): string {
  const needs = who.map((d) => `${d.flow}: ${d.why}`).join('; ');
  if (!known) return `the ERP module ${name} is not available in this ERP (${needs}); add it to the Odoo server's addons, then run the set-up again`;
  const how = consent
    ? 'the set-up tried to install it and it is still not installed: install it in Odoo (Apps menu)'
    : `install it in Odoo (Apps menu, search "${name}", Activate), or let the set-up install it: backend setting erpSetup.installModules = true`;
  return `the ERP module ${name} is not installed (${needs}); ${how}; then run the set-up again. The flows that need it wait until then`;
}

/** Records the outcome per flow as its `<flow>.modules` health: failing with MODULE_MISSING, or cleared. */
export async function recordModuleHealth(core: CoreServices, backendId: number, flows: readonly string[], waiting: ReadonlySet<string>, problems: ReadonlyArray<{ code: string; message: string }>): Promise<void> {
  for (const flow of flows) {
    if (waiting.has(flow)) {
      const message = problems.filter((p) => p.code === MODULE_MISSING).map((p) => p.message).join(' | ');
      await core.health.failed(backendId, modulesHealthOf(flow), 86_400, MODULE_MISSING, message);
    } else {
      await core.health.cleared(backendId, modulesHealthOf(flow));
    }
  }
}

/** The flows of `backendId` waiting for ERP modules (their `<flow>.modules` health is failing). */
export async function flowsWaitingForModules(core: CoreServices, backendId: number): Promise<Set<string>> {
  const rows = await core.health.list([backendId]);
  return new Set(rows.filter((r) => r.flow.endsWith('.modules') && r.state !== 'ok').map((r) => r.flow.slice(0, -'.modules'.length)));
}

type ModuleFlow = { name: string; goLive?: { enabledByDefault: boolean } | undefined; erpModules?: readonly ErpModuleNeed[] | undefined; erpSubscriptions?: ReadonlyArray<{ webhook?: unknown }> | undefined };

/** The flow name the change feed's own needs are reported under. */
export const CHANGE_FEED_FLOW = 'changefeed';

/**
 * What the switched-on flows of a backend need: their `erpModules`, plus `base_automation` (reported under the
 * change feed) when the connector has a public URL and a switched-on flow subscribes with a webhook.
 */
export function moduleDemandsOf<F extends ModuleFlow>(flows: readonly F[], enabled: (f: F) => boolean, publicUrl: string | null): ModuleDemand[] {
  const on = flows.filter(enabled);
  const demands: ModuleDemand[] = on.flatMap((f) => (f.erpModules ?? []).map((m) => ({ ...m, flow: f.name })));
  if (publicUrl && on.some((f) => (f.erpSubscriptions ?? []).some((s) => s.webhook))) {
    demands.push({ flow: CHANGE_FEED_FLOW, name: 'base_automation', why: 'the automation rules that post ERP changes to the connector at once (webhooks; polling goes on without)' });
  }
  return demands;
}
