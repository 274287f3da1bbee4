import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/load-config.js';
import { problemsOf } from './helpers.js';

function load(audit: string): ReturnType<typeof parseConfig>['config'] {
  return parseConfig(
    [
      'version: 1',
      'environments:',
      '  stage:',
      '    tier: staging',
      '    compliance: [iso_27001, gdpr]',
      '    phases:',
      '      compliance_audit:',
      audit,
    ].join('\n'),
    'elder.yml',
  ).config;
}

describe('compliance_audit settings', () => {
  it('has defaults for every new key', () => {
    const settings = load('        enabled: true').environments['stage']?.phases.complianceAudit;
    expect(settings).toMatchObject({
      frameworks: ['iso_27001', 'gdpr'],
      minScore: 0.9,
      maxCriticalFindings: 0,
      waivers: [],
      attestationsFile: '.github/elder-attestations.yml',
      excludePaths: [],
      productionEnvironments: ['production'],
      maxAdmins: 3,
      visibility: 'auto',
      auditTrail: '.elder/audit-trail',
    });
  });

  it('reads waivers and the other keys as written', () => {
    const settings = load(
      [
        '        waivers:',
        '          - { rule: workflow/unpinned-action, path: ".github/workflows/*.yml", reason: vendor pins tags, owner: alice, ticket: SEC-1, expires: "2027-01-31" }',
        '        attestations_file: compliance/attest.yml',
        '        exclude_paths: [vendor/**]',
        '        production_environments: [prod, prod-eu]',
        '        max_admins: 5',
        '        visibility: public',
        '        audit_trail: audit',
      ].join('\n'),
    ).environments['stage']?.phases.complianceAudit;
    expect(settings?.waivers).toEqual([
      {
        rule: 'workflow/unpinned-action',
        path: '.github/workflows/*.yml',
        reason: 'vendor pins tags',
        owner: 'alice',
        ticket: 'SEC-1',
        expires: '2027-01-31',
      },
    ]);
    expect(settings).toMatchObject({
      attestationsFile: 'compliance/attest.yml',
      excludePaths: ['vendor/**'],
      productionEnvironments: ['prod', 'prod-eu'],
      maxAdmins: 5,
      visibility: 'public',
      auditTrail: 'audit',
    });
  });

  it('refuses a waiver without a reason, naming file:line:column', () => {
    const text = [
      'version: 1',
      'environments:',
      '  stage:',
      '    tier: staging',
      '    phases:',
      '      compliance_audit:',
      '        waivers:',
      '          - rule: workflow/unpinned-action',
      '            owner: alice',
      '            ticket: SEC-1',
      '            expires: "2027-01-31"',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.[0]).toMatch(/^elder\.yml:8:\d+$/);
    expect(problems[0]?.[1]).toMatch(/reason/);
  });

  it('refuses a blank reason, a bad expiry and an unknown visibility', () => {
    const text = [
      'version: 1',
      'environments:',
      '  stage:',
      '    tier: staging',
      '    phases:',
      '      compliance_audit:',
      '        visibility: secret',
      '        waivers:',
      '          - { rule: repo/secret, reason: "  ", owner: a, ticket: T-1, expires: next week }',
    ].join('\n');
    const messages = problemsOf(text).map(([where, message]) => `${where} ${message}`);
    expect(messages).toHaveLength(3);
    expect(messages.some((m) => m.startsWith('elder.yml:7:'))).toBe(true);
    expect(messages.filter((m) => m.startsWith('elder.yml:9:'))).toHaveLength(2);
  });
});
