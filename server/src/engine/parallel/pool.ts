import { Worker } from 'node:worker_threads';
import type { DeclaredIdentity } from '../graph/identity-index';
import { TaskRunner, type AuditTask, type TaskContext, type TaskResult } from './tasks';

/** Runs audit tasks, in this thread or in worker threads; results come back per task, whatever finishes first. */
export interface TaskPool {
  submit(task: AuditTask): Promise<TaskResult>;
  /** Tasks submitted after this see these identities; call it once the tasks before have been dispatched. */
  setDeclaredIdentities(declared: readonly DeclaredIdentity[]): void;
  close(): Promise<void>;
}

export interface WorkerData {
  readonly wasmDir: string;
  readonly context: TaskContext;
}

export type ToWorker = { readonly type: 'task'; readonly id: number; readonly task: AuditTask } | { readonly type: 'identities'; readonly declared: readonly DeclaredIdentity[] };
export type FromWorker = { readonly id: number; readonly result: TaskResult } | { readonly id: number; readonly error: string };

/** One thread: each task runs when it is submitted. */
export function inThreadPool(context: TaskContext): TaskPool {
  const runner = new TaskRunner(context);
  return {
    submit: (task) => {
      try {
        return Promise.resolve(runner.run(task));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    setDeclaredIdentities: (declared) => runner.setDeclaredIdentities(declared),
    close: () => Promise.resolve(),
  };
}

/** Tasks a worker holds at once: one running, one waiting, so that it never idles between messages. */
const IN_FLIGHT = 2;

interface Pending {
  readonly resolve: (result: TaskResult) => void;
  readonly reject: (error: Error) => void;
}

/** `jobs` worker threads running `script` (the bundled worker entry); tasks go to the least busy one. */
export function workerPool(script: string, jobs: number, data: WorkerData): TaskPool {
  const workers = Array.from({ length: jobs }, () => ({ worker: new Worker(script, { workerData: data }), busy: 0 }));
  const pending = new Map<number, Pending>();
  const queue: { id: number; task: AuditTask }[] = [];
  let nextId = 0;
  let failure: Error | undefined;

  const dispatch = () => {
    for (const entry of workers) {
      while (entry.busy < IN_FLIGHT && queue.length > 0) {
        const next = queue.shift();
        if (!next) break;
        entry.busy++;
        entry.worker.postMessage({ type: 'task', id: next.id, task: next.task } satisfies ToWorker);
      }
    }
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  for (const entry of workers) {
    entry.worker.on('message', (message: FromWorker) => {
      entry.busy--;
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if ('error' in message) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
      dispatch();
    });
    entry.worker.on('error', fail);
    entry.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`an audit worker stopped (exit code ${code})`));
    });
  }

  return {
    submit(task) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const result = new Promise<TaskResult>((resolve, reject) => pending.set(id, { resolve, reject }));
      queue.push({ id, task });
      dispatch();
      return result;
    },
    setDeclaredIdentities(declared) {
      // Between phases only: a task still queued would run with the identities of the wrong phase.
      if (queue.length > 0) throw new Error('declared identities are set while tasks wait');
      for (const { worker } of workers) worker.postMessage({ type: 'identities', declared } satisfies ToWorker);
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
