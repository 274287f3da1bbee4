// parseJUnit and TestTotals bundled as the action ships them.
import { bundleTypeScript, reexport } from './bundle-typescript.mjs';

export function bundleElderJUnit(root, dir) {
  return bundleTypeScript(
    dir,
    'elder-junit',
    reexport(root, 'actions/quality-gate/src/tests/parse-junit.ts', ['parseJUnit']) +
      reexport(root, 'actions/quality-gate/src/tests/test-totals.ts', ['TestTotals']),
  );
}
