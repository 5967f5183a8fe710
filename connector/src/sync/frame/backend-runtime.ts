/**
 * What a task needs to work for one backend: its record, a connected ERP client and an SP-API adapter. Built once
 * per process and backend (connections are kept alive), dropped when the backend's settings change.
 */
import type { AmazonAdapter } from '../../amazon/amazon-adapter.ts';
import type { BackendRecord } from '../../core/backend/index.ts';
import type { ErpPort } from '../../erp/erp-port.ts';

export interface BackendRuntime {
  backend: BackendRecord;
  erp: ErpPort;
  amazon: AmazonAdapter;
}

export interface RuntimeProvider {
  /** The runtime of `backendId`, connecting on first use. */
  get(backendId: number): Promise<BackendRuntime>;
  /** Forgets a backend (after its settings or credentials changed). */
  invalidate(backendId: number): Promise<void>;
  close(): Promise<void>;
  /** The Amazon endpoint override (config), which other Amazon traffic (the SQS reader) takes too. */
  readonly amazonEndpoint?: { host: string; port: number } | null;
}
