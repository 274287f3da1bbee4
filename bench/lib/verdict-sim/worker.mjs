// Worker thread of bench/deploy-verdict.mjs: runs seed ranges of cells from the bundled simulation
// and posts back mergeable statistics; `null` ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const lib = await import(pathToFileURL(workerData.bundle).href);
const cells = lib.cellMatrix();
parentPort.on('message', (task) => {
  if (task === null) {
    parentPort.close();
    return;
  }
  const cell = cells[task.cell];
  parentPort.postMessage({ task, stats: lib.runCellSeeds(cell, task.from, task.to) });
});
parentPort.postMessage({ ready: true });
