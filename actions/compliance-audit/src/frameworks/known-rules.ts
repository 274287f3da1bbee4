import type { ControlFamily } from '../model/audit-rule.js';

/**
 * Every rule id the checkers emit (as agreed between the checkers and the engine), with its
 * family. The catalogue maps controls to these ids; a test keeps both in step, so a control can
 * never name a rule that does not exist and every rule bears on at least one control.
 * `audit/trail-integrity` is the engine's own rule: the previous audit trail verified intact.
 */
export const KNOWN_RULE_FAMILIES: Readonly<Record<string, ControlFamily>> = {
  'workflow/untrusted-input-in-run': 'secure_pipeline',
  'workflow/dangerous-trigger': 'secure_pipeline',
  'workflow/missing-permissions': 'access_control',
  'workflow/excessive-permissions': 'access_control',
  'workflow/unpinned-action': 'supply_chain',
  'workflow/secrets-inherit': 'secrets',
  'workflow/persisted-credentials-artifact': 'secrets',
  'workflow/self-hosted-runner-public': 'secure_pipeline',
  'workflow/cache-poisoning': 'secure_pipeline',
  'api/branch-protection': 'change_control',
  'api/signed-commits': 'change_control',
  'api/secret-scanning': 'secrets',
  'api/open-critical-alerts': 'supply_chain',
  'api/production-environment-protection': 'change_control',
  'api/deploy-keys': 'access_control',
  'api/admin-count': 'access_control',
  'repo/security-policy': 'governance',
  'repo/license': 'governance',
  'repo/codeowners': 'change_control',
  'repo/dependency-update-config': 'supply_chain',
  'repo/lockfile': 'supply_chain',
  'repo/binary-artifact': 'supply_chain',
  'repo/secret': 'secrets',
  'repo/regulated-data-card': 'data_protection',
  'repo/regulated-data-iban': 'data_protection',
  'repo/regulated-data-national-id': 'data_protection',
  'repo/regulated-data-health': 'data_protection',
  'audit/trail-integrity': 'logging',
};

export const TRAIL_INTEGRITY_RULE = 'audit/trail-integrity';
/** Emitted by the waiver stage, not by a checker: a configured waiver is past its expiry. */
export const EXPIRED_WAIVER_RULE = 'waiver/expired';

export const KNOWN_RULE_IDS: readonly string[] = Object.keys(KNOWN_RULE_FAMILIES);
