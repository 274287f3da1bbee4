/**
 * The GitHub App permission each operation needs, as GitHub reports it in the
 * `x-accepted-github-permissions` header of a 403, so code under test can be checked for naming
 * the right `permissions:` entry. Alternatives are separated by `;` (any one suffices), as in
 * GitHub's header.
 *
 * Sources: GitHub's "Permissions required for GitHub Apps" and "for fine-grained personal access
 * tokens" pages. Branch protection and deploy keys need Administration; branch rules, rulesets
 * and collaborators Metadata; environments Actions; Dependabot alerts "Dependabot alerts"
 * (`vulnerability_alerts`); code scanning `security_events`; secret scanning alerts
 * `secret_scanning_alerts`; git objects Contents.
 */
import type { OperationDescription } from './openapi-subset.js';

const RULES: { pattern: RegExp; read: string; write: string }[] = [
  { pattern: /\/check-runs/, read: 'checks=read', write: 'checks=write' },
  {
    pattern: /\/issues\/(comments|\{issue_number\}\/comments)/,
    read: 'issues=read; pull_requests=read',
    write: 'issues=write; pull_requests=write',
  },
  { pattern: /\/issues/, read: 'issues=read', write: 'issues=write' },
  { pattern: /\/deployments/, read: 'deployments=read', write: 'deployments=write' },
  { pattern: /\/statuses\//, read: 'statuses=read', write: 'statuses=write' },
  { pattern: /\/pulls/, read: 'pull_requests=read', write: 'pull_requests=write' },
  { pattern: /\/protection/, read: 'administration=read', write: 'administration=write' },
  { pattern: /\/keys/, read: 'administration=read', write: 'administration=write' },
  { pattern: /\/(rules|rulesets)(\/|$)/, read: 'metadata=read', write: 'administration=write' },
  { pattern: /\/collaborators/, read: 'metadata=read', write: 'administration=write' },
  { pattern: /\/environments/, read: 'actions=read', write: 'administration=write' },
  { pattern: /\/dependabot\/alerts/, read: 'vulnerability_alerts=read', write: 'vulnerability_alerts=write' },
  { pattern: /\/code-scanning\//, read: 'security_events=read', write: 'security_events=write' },
  {
    pattern: /\/secret-scanning\//,
    read: 'secret_scanning_alerts=read',
    write: 'secret_scanning_alerts=write',
  },
  { pattern: /\/git\//, read: 'contents=read', write: 'contents=write' },
];

export function acceptedPermissionsFor(operation: OperationDescription | undefined): string {
  if (!operation) return 'metadata=read';
  const isRead = operation.method === 'GET';
  const rule = RULES.find((r) => r.pattern.test(operation.path));
  if (!rule) return 'metadata=read';
  return isRead ? rule.read : rule.write;
}
