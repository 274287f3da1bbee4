/**
 * Known credential formats. Each pattern is anchored on a fixed prefix with bounded
 * quantifiers, so matching is linear in the line length (no backtracking traps on hostile
 * input). Prefixes and lengths are the vendors' published token formats.
 */
export interface SecretPattern {
  id: string;
  name: string;
  pattern: RegExp;
  /** Capture group holding the secret itself (0 = whole match). */
  group: number;
  /** Minimum entropy of the captured value, to drop `AKIAXXXXXXXXXXXXXXXX`-style placeholders. */
  minEntropy: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: 'aws-access-key-id',
    name: 'AWS access key ID',
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g,
    group: 1,
    minEntropy: 3.0,
  },
  {
    id: 'github-token',
    name: 'GitHub token',
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g,
    group: 1,
    minEntropy: 3.5,
  },
  {
    id: 'github-fine-grained-pat',
    name: 'GitHub fine-grained token',
    pattern: /\b(github_pat_[A-Za-z0-9_]{82})\b/g,
    group: 1,
    minEntropy: 3.5,
  },
  {
    id: 'slack-token',
    name: 'Slack token',
    pattern: /\b(xox[abposr]-[0-9A-Za-z-]{10,200})\b/g,
    group: 1,
    minEntropy: 3.0,
  },
  {
    id: 'stripe-secret-key',
    name: 'Stripe secret key',
    pattern: /\b((?:sk|rk)_live_[0-9A-Za-z]{24,99})\b/g,
    group: 1,
    minEntropy: 3.5,
  },
  {
    id: 'google-api-key',
    name: 'Google API key',
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    group: 1,
    minEntropy: 3.5,
  },
  { id: 'npm-token', name: 'npm access token', pattern: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, minEntropy: 3.5 },
  {
    id: 'private-key',
    name: 'private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
    group: 0,
    minEntropy: 0,
  },
  {
    id: 'slack-webhook',
    name: 'Slack incoming webhook',
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24})/g,
    group: 1,
    minEntropy: 3.0,
  },
];

/**
 * A generic assignment of a credential-like name to a literal: `password = "..."`,
 * `api_key: ...`, `"client_secret": "..."`. Only values with high entropy and no placeholder
 * shape count, because test configuration is full of `password: postgres`.
 */
export const GENERIC_ASSIGNMENT =
  /(?:^|[^A-Za-z0-9_])([A-Za-z0-9_.-]{0,40}(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z0-9_.-]{0,40})["']?\s{0,5}[:=]\s{0,5}["']([^"'\s]{16,200})["']/gi;

/** Values that are clearly not secrets: references, templates and filler. */
export function isPlaceholder(value: string): boolean {
  return (
    /\$\{|\$\(|\{\{|%\(|<[^>]*>/.test(value) ||
    /^(x+|\*+|0+|\.+|-+)$/i.test(value) ||
    /(example|changeme|change_me|placeholder|dummy|your[_-]|redacted|sample|fake|test)/i.test(value) ||
    /^[a-z]+(?:[_-][a-z]+)*$/.test(value) // a plain identifier such as secret_name
  );
}
