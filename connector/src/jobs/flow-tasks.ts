/**
 * The task list and the crontab, assembled from the flows: each flow task is registered as `<flow>:<task>`, its
 * payload is checked against the task's schema (a payload that does not match is refused once, loudly, and not
 * retried: retrying cannot make it match), and a per-backend task does nothing when its backend is not active, not
 * set up yet, or its flow is switched off for that backend (said once per backend and flow, not every minute).
 */
import type { Task, TaskList } from 'graphile-worker';
import { Compile } from 'typebox/compile';
import type { FlowDefinition, FlowTask } from '../sync/frame/flow.ts';
import { goLiveOfFlow, taskName } from '../sync/frame/flow.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { runJob } from './job-context.ts';
import { flowsWaitingForModules } from '../sync/frame/erp-modules.ts';

/** graphile-worker's crontab text of `flows`. */
export function crontabOf(flows: readonly FlowDefinition[]): string {
  return flows.flatMap((f) => (f.crontab ?? []).map((c) => `${c.pattern} ${taskName(f.name, c.task)}${c.options ? ` ${c.options}` : ''}`)).join('\n');
}

/** The task list of `flows`, bound to `env`; `owner` is the heartbeat id of the process. */
export function flowTaskList(env: TaskEnv, flows: readonly FlowDefinition[], owner?: string): TaskList {
  const list: TaskList = {};
  // Flows switched off, per backend: logged when a job is first skipped, forgotten when the flow runs again.
  const saidOff = new Set<string>();
  for (const flow of flows) {
    for (const task of flow.tasks) {
      const name = taskName(flow.name, task.name);
      if (list[name]) throw new Error(`task ${name} is declared twice`);
      list[name] = flowTask(env, flow, task, name, saidOff, owner);
    }
  }
  return list;
}

function flowTask(env: TaskEnv, flow: FlowDefinition, task: FlowTask, name: string, saidOff: Set<string>, owner?: string): Task {
  const guard = Compile(task.payload);
  const perBackend = task.perBackend ?? true;
  return async (payload, helpers) => {
    if (!guard.Check(payload)) {
      const problems = [...guard.Errors(payload)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
      // Ids only in a payload, but still no values in the log: where and what, not the content.
      env.log.error('job payload refused: it does not match its schema; the job is dropped, not retried', {
        task: name, jobId: helpers?.job?.id, problems,
      });
      return;
    }
    let goLive = null;
    if (perBackend) {
      const backendId = (payload as { backendId: number }).backendId;
      const state = await env.core.backends.state(backendId);
      if (state !== 'active') {
        env.log.info('job skipped: backend not active', { task: name, backendId, state: state ?? 'missing' });
        return;
      }
      const backend = await env.core.backends.get(backendId);
      // Before its first set-up (a backend just created): nothing to sync into yet. Its set-up starts the flows.
      if (backend.setUpAt === null) {
        if (!saidOff.has(`setup:${backendId}`)) env.log.info('jobs skipped: backend not set up yet', { task: name, backendId });
        saidOff.add(`setup:${backendId}`);
        return;
      }
      saidOff.delete(`setup:${backendId}`);
      goLive = goLiveOfFlow(flow, backend.settings);
      const key = `${flow.name}:${backendId}`;
      if (!goLive.enabled) {
        if (!saidOff.has(key)) env.log.info('jobs skipped: flow switched off for this backend', { flow: flow.name, task: name, backendId });
        saidOff.add(key);
        return;
      }
      saidOff.delete(key);
      // Waiting for an ERP module its set-up reported missing (MODULE_MISSING): nothing to sync with yet.
      if (flow.erpModules?.length && (await flowsWaitingForModules(env.core, backendId)).has(flow.name)) {
        if (!saidOff.has(`modules:${key}`)) env.log.info('jobs skipped: flow waits for an ERP module (MODULE_MISSING)', { flow: flow.name, task: name, backendId });
        saidOff.add(`modules:${key}`);
        return;
      }
      saidOff.delete(`modules:${key}`);
    }
    await runJob(env, owner, name, payload, helpers, (job) => task.run({ ...job, goLive }, payload));
  };
}
