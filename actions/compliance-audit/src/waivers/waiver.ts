import { UserError, UserErrors } from '../../../../shared/runtime/errors.js';

/** A waiver from `phases.compliance_audit.waivers` in the configuration. */
export interface ConfiguredWaiver {
  rule: string;
  /** Repository path or glob (`**`, `*`); absent: every finding of the rule, API findings included. */
  path?: string;
  reason: string;
  owner: string;
  ticket: string;
  /** `YYYY-MM-DD` (valid through that day, UTC) or an ISO 8601 instant. */
  expires: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a waiver stops applying: the end of the expiry day for a bare date. */
export function expiryInstant(expires: string): number {
  const time = Date.parse(DATE_ONLY.test(expires) ? `${expires}T00:00:00Z` : expires);
  if (Number.isNaN(time)) return Number.NaN;
  return DATE_ONLY.test(expires) ? time + 24 * 3600 * 1000 : time;
}

export function isExpired(expires: string, now: Date): boolean {
  return now.getTime() >= expiryInstant(expires);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Checks configured waivers; every problem at once. A waiver without a reason (or owner, ticket,
 * expiry) is refused: an unexplained exception is exactly what an auditor rejects.
 */
export function parseWaivers(raw: readonly unknown[], where = 'phases.compliance_audit.waivers'): ConfiguredWaiver[] {
  const problems: UserError[] = [];
  const waivers: ConfiguredWaiver[] = [];
  raw.forEach((entry, index) => {
    const at = `${where}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(new UserError('a waiver must be a mapping with rule, reason, owner, ticket and expires', at));
      return;
    }
    const record = entry as Record<string, unknown>;
    const fields = {
      rule: text(record.rule),
      reason: text(record.reason),
      owner: text(record.owner),
      ticket: text(record.ticket),
    };
    const expires = text(record.expires) ?? (record.expires instanceof Date ? record.expires.toISOString() : undefined);
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined)
        problems.push(
          new UserError(`the waiver has no ${name}; every waiver needs rule, reason, owner, ticket and expires`, at),
        );
    }
    if (expires === undefined) problems.push(new UserError('the waiver has no expires date', at));
    else if (Number.isNaN(expiryInstant(expires)))
      problems.push(new UserError(`expires '${expires}' is not a date (YYYY-MM-DD)`, at));
    const path = text(record.path);
    if (
      fields.rule &&
      fields.reason &&
      fields.owner &&
      fields.ticket &&
      expires &&
      !Number.isNaN(expiryInstant(expires))
    ) {
      const waiver: ConfiguredWaiver = {
        rule: fields.rule,
        reason: fields.reason,
        owner: fields.owner,
        ticket: fields.ticket,
        expires,
      };
      if (path !== undefined) waiver.path = path;
      waivers.push(waiver);
    }
  });
  if (problems.length === 1) throw problems[0] as UserError;
  if (problems.length > 1) throw new UserErrors(problems, `${problems.length} problems in ${where}`);
  return waivers;
}
