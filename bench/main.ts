// `npm run bench`: measures the CLI, the language server and the package; see bench/README.md.
import { parseBenchOptions } from './options';
import { runBench } from './run';

runBench(parseBenchOptions(process.argv.slice(2)), (line) => console.log(line)).then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
