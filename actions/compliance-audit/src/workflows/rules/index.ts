/** Every workflow rule, in report order. Rule ids are a contract with the labelled corpus. */
import { cachePoisoning } from './cache-poisoning.js';
import { dangerousTrigger } from './dangerous-trigger.js';
import { excessivePermissions } from './excessive-permissions.js';
import { missingPermissions } from './missing-permissions.js';
import { persistedCredentialsArtifact } from './persisted-credentials-artifact.js';
import { secretsInherit } from './secrets-inherit.js';
import { selfHostedRunnerPublic } from './self-hosted-runner-public.js';
import { unpinnedAction } from './unpinned-action.js';
import { untrustedInputInRun } from './untrusted-input-in-run.js';
import type { WorkflowRule } from './workflow-rule.js';

export const WORKFLOW_RULES: readonly WorkflowRule[] = [
  untrustedInputInRun,
  dangerousTrigger,
  missingPermissions,
  excessivePermissions,
  unpinnedAction,
  secretsInherit,
  persistedCredentialsArtifact,
  selfHostedRunnerPublic,
  cachePoisoning,
];

export const WORKFLOW_RULE_IDS: readonly string[] = WORKFLOW_RULES.map((r) => r.rule.id);
