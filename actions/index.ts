/**
 * The root of the shared bundle (dist/index.js). Each action's generated stub
 * (dist/<action>/<stage>.js) calls `runAction(name, stage)`; the CLI stub calls `runCli`.
 * Adding an action = one folder under actions/ with action.yml and src/main.ts, plus one line here.
 */
import { runEntry, type Stage } from '../shared/runtime/action-entry.js';
import { complianceAuditMain } from './compliance-audit/src/main.js';
import { deployMain } from './deploy/src/main.js';
import { deployPost } from './deploy/src/post.js';
import { qualityGateMain } from './quality-gate/src/main.js';
import { reportMain } from './report/src/main.js';

export { runCli } from '../shared/cli/main.js';

type ActionStages = { main: () => Promise<void>; post?: () => Promise<void> };

const ACTIONS: Record<string, ActionStages> = {
  'compliance-audit': { main: complianceAuditMain },
  deploy: { main: deployMain, post: deployPost },
  'quality-gate': { main: qualityGateMain },
  report: { main: reportMain },
};

export async function runAction(name: string, stage: Stage): Promise<void> {
  const action = ACTIONS[name];
  const body = stage === 'main' ? action?.main : action?.post;
  if (!body) {
    // Only reachable when a stub and this table disagree: a packaging bug, not a user error.
    await runEntry(name, stage, async () => {
      throw new Error(`no ${stage} step is registered for action '${name}'`);
    });
    return;
  }
  await runEntry(name, stage, body);
}
