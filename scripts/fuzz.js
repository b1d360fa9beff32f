// The long mutation-fuzz run (`npm run fuzz`, after the build): the suite's checks
// (test/robustness/fuzz-core.ts, server-fuzz.ts) over many more inputs. The engine runs in worker
// threads with a watchdog, so a hang or a crash of one input is recorded and the run goes on;
// then mutated inputs go through a live language server. Every failing input is written to the
// output folder with what was done to it, so that it can be reproduced (same --seed and index).
//
//   npm run fuzz -- [--count 20000] [--server 600] [--seed N] [--minutes M] [--workers K]
//                   [--corpus 400] [--deep] [--out DIR] [--minimize]
//
// Exit code 0 when there was no crash, no hang and no bad fix on an input without syntax errors.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Buffer } = require('node:buffer');
const { performance } = require('node:perf_hooks');
const { setTimeout, clearTimeout } = require('node:timers');
const { setTimeout: delay } = require('node:timers/promises');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'out', 'test', 'robustness');
const grammars = path.join(root, 'grammars');

function parseOptions(argv) {
  const options = { count: 20000, server: 600, seed: Date.now() % 2147483647, minutes: 0, workers: Math.max(1, Math.min(4, os.cpus().length - 1)), corpus: 400, deep: false, out: '', minimize: false };
  for (let index = 0; index < argv.length; index++) {
    const name = argv[index].replace(/^--/, '');
    if (name === 'deep' || name === 'minimize') options[name] = true;
    else if (name in options) options[name] = name === 'out' ? argv[++index] : Number(argv[++index]);
    else throw new Error(`unknown option ${argv[index]}`);
  }
  options.out ||= path.join(os.tmpdir(), `identity-isolation-fuzz-${options.seed}`);
  return options;
}

if (!isMainThread) {
  // A worker: checks inputs [from, to) of the run and reports each; the main thread watches the clock.
  const core = require(path.join(compiled, 'fuzz-core.js'));
  const engine = require(path.join(root, 'out', 'server', 'src', 'engine'));
  const { seed, from, to, corpus, deep } = workerData;
  if (deep) core.MUTATION_LIMITS.maxRepeat = 20000;
  engine.initParsers(grammars).then(() => {
    const seeds = core.loadSeeds(corpus);
    for (let index = from; index < to; index++) {
      parentPort.postMessage({ kind: 'start', index });
      const input = core.inputAt(seeds, seed, index);
      const check = core.checkInEngine(input, index, { hangMillis: 10000, maxFixesPerInput: 8 });
      const failures = check.failures.map((failure) => ({ ...failure, cleanBefore: !hasSyntaxErrors(engine, input) }));
      parentPort.postMessage({ kind: 'done', index, check: { ...check, failures }, bytes: failures.length > 0 ? input.bytes : undefined });
    }
    parentPort.postMessage({ kind: 'finished' });
  });
  return;
}

function hasSyntaxErrors(engine, input) {
  try {
    const analysis = engine.analyzeText(path.join(os.tmpdir(), 'probe', input.seed.name), input.bytes.toString('utf8'));
    return analysis.kind === 'analysed' && analysis.template.problems.length > 0;
  } catch {
    return true;
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  for (const file of ['fuzz-core.js', 'server-fuzz.js']) {
    if (!fs.existsSync(path.join(compiled, file))) throw new Error(`${file} is not compiled: run \`node scripts/build.js && npx tsc -p .\` (npm run fuzz does)`);
  }
  const core = require(path.join(compiled, 'fuzz-core.js'));
  if (options.deep) core.MUTATION_LIMITS.maxRepeat = 20000;
  fs.mkdirSync(options.out, { recursive: true });
  const deadline = options.minutes > 0 ? Date.now() + options.minutes * 60000 : Infinity;
  console.log(`fuzz: seed ${options.seed}, ${options.count} engine inputs on ${options.workers} workers, ${options.server} server inputs; failures go to ${options.out}`);

  const engineStats = core.emptyStats();
  const saved = [];
  let cleanBadFixes = 0;
  const record = (failure, bytes, index) => {
    const name = `${failure.kind}-${index}-${failure.name}`;
    if (bytes) fs.writeFileSync(path.join(options.out, name), bytes);
    saved.push({ file: name, index, ...failure, text: undefined });
    if (failure.cleanBefore && !['crash', 'crash-after-fix', 'hang'].includes(failure.kind)) cleanBadFixes++;
  };

  // Engine inputs, split among workers; a silent worker past the hang limit is replaced.
  const started = performance.now();
  const chunk = Math.ceil(options.count / options.workers);
  await Promise.all(
    Array.from({ length: options.workers }, (_, worker) => runRange(worker * chunk, Math.min(options.count, (worker + 1) * chunk))),
  );

  async function runRange(from, to) {
    let next = from;
    while (next < to && Date.now() < deadline) {
      next = await new Promise((resolve) => {
        const worker = new Worker(path.join(__dirname, 'fuzz.js'), { workerData: { seed: options.seed, from: next, to, corpus: options.corpus, deep: options.deep }, resourceLimits: { maxOldGenerationSizeMb: 3072 } });
        let current = next;
        let timer;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            // No answer: a hang (or a loop). Record it and go on after it.
            engineStats.inputs++;
            engineStats.hangs++;
            const input = core.inputAt(core.loadSeeds(options.corpus), options.seed, current);
            record({ kind: 'hang', origin: input.seed.origin, name: input.seed.name, mutations: input.mutations, detail: 'no answer within 30 s' }, input.bytes, current);
            void worker.terminate();
            resolve(current + 1);
          }, 30000);
        };
        arm();
        worker.on('message', (message) => {
          if (message.kind === 'start') {
            current = message.index;
            arm();
          } else if (message.kind === 'done') {
            core.addCheck(engineStats, message.check);
            for (const failure of message.check.failures) record(failure, message.bytes && Buffer.from(message.bytes), message.index);
            if (engineStats.inputs % 1000 === 0) console.log(`  ${core.formatStats('engine', engineStats)}`);
          }
          if (message.kind === 'finished' || Date.now() >= deadline) {
            clearTimeout(timer);
            void worker.terminate();
            resolve(to);
          }
        });
        worker.on('error', (error) => {
          // Out of memory or an error outside the checks: the input at hand crashed the worker.
          clearTimeout(timer);
          engineStats.inputs++;
          engineStats.crashes++;
          const input = core.inputAt(core.loadSeeds(options.corpus), options.seed, current);
          record({ kind: 'crash', origin: input.seed.origin, name: input.seed.name, mutations: input.mutations, detail: `the worker died: ${error && error.message}` }, input.bytes, current);
          resolve(current + 1);
        });
      });
    }
  }
  const engineMillis = performance.now() - started;
  console.log(`${core.formatStats('engine', engineStats)} in ${Math.round(engineMillis / 1000)} s`);

  // The live server, restarted when it dies or hangs; its edits are checked with the engine here.
  await require(path.join(root, 'out', 'server', 'src', 'engine')).initParsers(grammars);
  const { LspSession } = require(path.join(root, 'out', 'test', 'lsp', 'lsp-session.js'));
  const { ServerFuzzer } = require(path.join(compiled, 'server-fuzz.js'));
  const seeds = core.loadSeeds(options.corpus);
  const serverStats = core.emptyStats();
  let index = 0;
  while (index < options.server && Date.now() < deadline + 60000) {
    const session = await LspSession.start({ root: fs.mkdtempSync(path.join(os.tmpdir(), 'identity-isolation-fuzz-lsp-')) });
    const fuzzer = new ServerFuzzer(session, { requestTimeoutMillis: 15000, hoversPerInput: 3 });
    index = await fuzzer.run(seeds, options.seed + 1, options.server - index, index);
    for (const key of ['inputs', 'crashes', 'hangs', 'fixesVerified', 'badFixes', 'findings']) serverStats[key] += fuzzer.stats[key];
    serverStats.slowestMillis = Math.max(serverStats.slowestMillis, fuzzer.stats.slowestMillis);
    for (const failure of fuzzer.stats.failures) {
      const bytes = Buffer.from(failure.text, 'utf8');
      record({ ...failure, cleanBefore: !hasSyntaxErrors(require(path.join(root, 'out', 'server', 'src', 'engine')), { seed: { name: failure.name }, bytes }) }, bytes, `server-${index}`);
    }
    const internalErrors = session.logs.filter((line) => /failed|Cannot analyse/.test(line));
    if (internalErrors.length > 0) console.log(`  server logged ${internalErrors.length} internal errors, e.g. ${internalErrors[0].slice(0, 300)}`);
    await Promise.race([session.stop(), delay(5000)]);
  }
  console.log(core.formatStats('server', serverStats));

  if (options.minimize) {
    for (const entry of saved.filter((failure) => failure.kind.startsWith('fix-') && typeof failure.index === 'number')) {
      const text = fs.readFileSync(path.join(options.out, entry.file)).toString('utf8');
      const file = `/fuzz/${entry.name}`;
      const rule = entry.detail.split(' ')[0].replace(/^'|'$/g, '');
      const small = core.minimize(text, (candidate) => core.fixFailureKind(file, candidate, rule) === entry.kind, 3000);
      fs.writeFileSync(path.join(options.out, `${entry.file}.min`), small);
    }
  }

  const summary = {
    seed: options.seed,
    engine: { ...engineStats, failures: undefined },
    server: { ...serverStats, failures: undefined },
    badFixesOnCleanInputs: cleanBadFixes,
    failures: saved,
  };
  fs.writeFileSync(path.join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const total = (key) => engineStats[key] + serverStats[key];
  console.log(
    `\nfuzz summary: ${total('inputs')} inputs tried, ${total('crashes')} crashes, ${total('hangs')} hangs, ${total('fixesVerified')} fixes verified, ` +
      `${total('badFixes')} bad fixes (${cleanBadFixes} on inputs without syntax errors). Details: ${path.join(options.out, 'summary.json')}`,
  );
  process.exitCode = total('crashes') + total('hangs') + cleanBadFixes > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
