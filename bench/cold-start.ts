import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileUri, LspServer } from './lsp-server';
import { median } from './stats';

const SMALL_TEMPLATE = `param location string = resourceGroup().location

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-cold-start'
  location: location
}
`;

export interface ColdStart {
  readonly medianMs: number;
  readonly samplesMs: number[];
}

/** From spawning the server to the first diagnostics of one small open file (initialize, settings and grammar load included). */
export async function measureColdStart(runs: number): Promise<ColdStart> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-bench-'));
  const filePath = path.join(root, 'main.bicep');
  fs.writeFileSync(filePath, SMALL_TEMPLATE);
  try {
    const samplesMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const server = await LspServer.start(root);
      try {
        const first = server.nextPublication((params) => params.uri === fileUri(filePath), 'the cold-start file');
        await server.open(filePath, 'bicep', SMALL_TEMPLATE);
        samplesMs.push((await first).receivedAt - server.spawnedAt);
      } finally {
        await server.stop();
      }
    }
    return { medianMs: median(samplesMs), samplesMs };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
