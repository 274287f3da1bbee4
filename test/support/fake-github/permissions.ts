/**
 * The GITHUB_TOKEN permission each operation needs, as GitHub reports it in the
 * `x-accepted-github-permissions` header of a 403, so the publisher's degrade warning can be
 * tested for naming the right `permissions:` entry.
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
];

export function acceptedPermissionsFor(operation: OperationDescription | undefined): string {
  if (!operation) return 'metadata=read';
  const isRead = operation.method === 'GET';
  const rule = RULES.find((r) => r.pattern.test(operation.path));
  if (!rule) return 'metadata=read';
  return isRead ? rule.read : rule.write;
}
