/**
 * The backends a flow works for right now (enabled, the flow's go-live switch on), and the crontab task most flows
 * need on top of them: "queue this flow's sweep once for each of them". The flows' safety nets all loop this way;
 * written once here so that a backend switched off, or a flow switched off for it, is skipped the same everywhere.
 */
import { Type } from 'typebox';
import type { BackendRecord } from '../../core/backend/backend-record.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { defineTask, goLiveOfFlow, type FlowDefinition, type FlowTask } from './flow.ts';
import type { TaskEnv } from './task-env.ts';

type Switchable = Pick<FlowDefinition, 'name' | 'goLive'>;

export async function liveBackends(env: Pick<TaskEnv, 'core'>, flow: Switchable): Promise<BackendRecord[]> {
  return (await env.core.backends.list()).filter((b) => b.enabled && goLiveOfFlow(flow, b.settings).enabled);
}

const CronPayload = Type.Object({ correlationId: Type.Optional(Type.String({ minLength: 1 })) });

/**
 * A crontab task (`name`, not per backend) queuing `task` with `{ backendId }` for every live backend of `flow`,
 * job key `<task>:<backend>`: a sweep still waiting is replaced, never doubled. `due` may skip a backend (its
 * own cadence setting, say).
 */
export function fanOutTask(name: string, flow: Switchable, task: string, due?: (env: TaskEnv, b: BackendRecord) => Promise<boolean>): FlowTask {
  return defineTask({
    name,
    payload: CronPayload,
    perBackend: false,
    async run({ env }) {
      for (const b of await liveBackends(env, flow)) {
        if (due && !(await due(env, b))) continue;
        await enqueue(env.db.pool, task, { backendId: b.id }, { jobKey: `${task}:${b.id}` });
      }
    },
  });
}
