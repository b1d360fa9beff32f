import { measureClientActivation } from './client-activation';
import { measureColdStart } from './cold-start';
import type { BenchOptions } from './options';
import type { Results } from './results';
import { round } from './stats';

/** Server start to first diagnostics, and what loading the client costs. */
export async function measureStart(options: BenchOptions, results: Results): Promise<void> {
  const runs = options.quick ? 1 : 5;
  await results.attempt('cold_start_ms', async () => {
    const cold = await measureColdStart(runs);
    results.detail('cold_start', cold);
    results.metric('cold_start_ms', cold.medianMs, `median of ${runs}: ${cold.samplesMs.map((ms) => round(ms, 0)).join(', ')} ms`);
  });
  await results.attempt('client_require_ms', () => {
    const client = measureClientActivation(runs);
    results.detail('client_activation', client);
    results.metric('client_bundle_kb', client.bundleBytes / 1024, 'client/out/extension.js');
    results.metric('client_require_ms', client.requireMs, `median of ${runs} fresh node processes, vscode stubbed; activate() not called`);
  });
}
