import { parentPort, workerData } from 'node:worker_threads';
import { initParsers } from '../parse';
import type { FromWorker, ToWorker, WorkerData } from './pool';
import { TaskRunner } from './tasks';

// The entry point of an audit worker thread (bundled as server/out/audit-worker.js).
const data = workerData as WorkerData;
const port = parentPort;
const runner = new TaskRunner(data.context);
const ready = initParsers(data.wasmDir);

port?.on('message', (message: ToWorker) => {
  // Every message waits for the same promise, so they are handled in the order they came.
  void ready.then(
    () => handle(message),
    (error: unknown) => {
      if (message.type === 'task') reply({ id: message.id, error: `the parsers could not load: ${String(error)}` });
    },
  );
});

function handle(message: ToWorker): void {
  if (message.type === 'identities') {
    runner.setDeclaredIdentities(message.declared);
    return;
  }
  try {
    reply({ id: message.id, result: runner.run(message.task) });
  } catch (error) {
    reply({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function reply(message: FromWorker): void {
  port?.postMessage(message);
}
