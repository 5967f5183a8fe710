/**
 * The `goLive` namespace: per flow, the switch, the dry run and the cut-over date of one backend. One namespace
 * holding an object per flow (not three keys in each flow's own namespace): the frame reads every flow's controls
 * the same way whether or not the flow has settings of its own, and the admin panel shows them side by side. Core
 * lists no flow: the caller hands in the flow names and each flow's default switch.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace, type BackendSettings, type SettingsNamespace } from './namespace.ts';

/** Go-live controls of one flow for one backend. */
export interface GoLive {
  /** Off: the flow's jobs for this backend do nothing (and say so once). */
  enabled: boolean;
  /** Dry run: the flow reads, maps and records what it WOULD write (run log, record state), writes nothing. */
  dryRun: boolean;
  /** Records whose business date (an order's purchase date...) is before this instant are left alone. */
  cutoverAt: Date | null;
}

/** A flow as the namespace needs it: its name and whether it is on for a backend that never said. */
export interface GoLiveFlow {
  name: string;
  enabledByDefault: boolean;
}

const NAME = 'goLive';

function flowControls(enabledByDefault: boolean) {
  // Each key optional: a stored object written before a key existed still reads, `goLiveOf` fills the defaults.
  return Type.Object(
    {
      enabled: Type.Optional(Type.Boolean({ default: enabledByDefault, description: 'off: the flow does nothing for this backend' })),
      dryRun: Type.Optional(Type.Boolean({ default: false, description: 'map and log what would be written, write nothing' })),
      cutoverAt: Type.Optional(
        Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { default: null, description: 'records dated before this instant are left alone' }),
      ),
    },
    { additionalProperties: false, default: { enabled: enabledByDefault, dryRun: false, cutoverAt: null } },
  );
}

/** The `goLive` namespace for `flows`. */
export function goLiveSettings(flows: readonly GoLiveFlow[]): SettingsNamespace {
  return defineSettingsNamespace({
    name: NAME,
    description: 'Go-live controls per flow: switch, dry run, cut-over date',
    properties: Object.fromEntries(flows.map((f) => [f.name, flowControls(f.enabledByDefault)])),
  });
}

/** The go-live controls of `flow` in parsed `settings`, defaults filled (`enabledByDefault` when never set). */
export function goLiveOf(settings: BackendSettings, flow: string, enabledByDefault = true): GoLive {
  const raw = (settings[NAME]?.[flow] ?? {}) as { enabled?: boolean; dryRun?: boolean; cutoverAt?: string | null };
  const at = raw.cutoverAt ? new Date(raw.cutoverAt) : null;
  return {
    enabled: raw.enabled ?? enabledByDefault,
    dryRun: raw.dryRun ?? false,
    cutoverAt: at && !Number.isNaN(at.getTime()) ? at : null,
  };
}
