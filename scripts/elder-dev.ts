// Runs the CLI from the TypeScript sources (npx tsx scripts/elder-dev.ts <command>), for development
// without a bundle step. Users run the bundled dist/cli.js.
import { runCli } from '../shared/cli/main.js';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
