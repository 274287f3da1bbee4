/**
 * PhaseResults as one SARIF 2.1.0 log for GitHub code scanning: one run per phase result,
 * rules derived from the findings' rule ids, results ranked by severity and cut to the
 * upload limits (20 runs, 25,000 results per run), every result with a location (code
 * scanning rejects results without one) and a stable fingerprint of our own.
 *
 * Mapping choices, in one place:
 * - level: critical/high -> error, medium -> warning, low/info -> note.
 * - A rule is a security rule when any of its findings maps to a control or it comes from
 *   the compliance audit; security rules carry `security-severity` (critical 9.5, high 8.0,
 *   medium 5.5, low 2.0; info none) and the `security` tag, which is what code scanning
 *   uses to show a security severity.
 * - `problem.severity`: critical/high -> error, medium -> warning, low/info -> recommendation.
 * - Columns: our locations are 1-based and inclusive; SARIF's `endColumn` is the column
 *   after the region, so it is `endColumn + 1`.
 * - A finding without a file (e.g. "branch protection is off") is placed at line 1 of the
 *   configuration file (`locationlessUri`) and marked `properties.locationless`.
 */
import { createHash } from 'node:crypto';
import type { Finding, PhaseResult, Severity } from '../result/phase-result.js';
import { rankBySeverity, severityRank } from './finding-order.js';
import { SARIF_MAX_RESULTS_PER_RUN, SARIF_MAX_RUNS, SARIF_TAGS_KEPT_PER_RULE } from './limits.js';
import { normalizePath, DEFAULT_SERVER_URL } from './source-link.js';
import { sanitizeText, safeUrl } from './escape.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** Key of our fingerprint in `partialFingerprints`; the suffix versions the hashing recipe. */
export const FINGERPRINT_KEY = 'elderFindingHash/v1';
/** Where findings without a file are placed: the configuration that asked for the check. */
export const DEFAULT_LOCATIONLESS_URI = '.github/elder.yml';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  text: string;
}

/** A message that may also carry GitHub-flavoured markdown (rule help, full description). */
export interface SarifMultiformatMessage extends SarifMessage {
  markdown?: string;
}

/**
 * Rule metadata a caller knows better than the findings do (title, description, help), e.g. the
 * compliance audit's rule catalogue. Text is sanitised; tags are added after ours, within the
 * per-rule tag limit.
 */
export interface SarifRuleMetadata {
  shortDescription: string;
  fullDescription?: string;
  helpText: string;
  helpMarkdown?: string;
  tags?: readonly string[];
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: SarifRegion;
  };
}

export interface SarifRule {
  id: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMultiformatMessage;
  help: SarifMultiformatMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    'problem.severity': 'error' | 'warning' | 'recommendation';
    'security-severity'?: string;
  };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

export interface SarifRun {
  tool: {
    driver: { name: string; version: string; semanticVersion?: string; informationUri?: string; rules: SarifRule[] };
  };
  automationDetails: { id: string };
  versionControlProvenance?: { repositoryUri: string; revisionId?: string; branch?: string }[];
  invocations: { executionSuccessful: boolean; startTimeUtc?: string; endTimeUtc?: string }[];
  originalUriBaseIds: Record<string, { description: SarifMessage }>;
  results: SarifResult[];
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: SarifRun[];
  properties?: Record<string, unknown>;
}

export interface SarifOptions {
  /** `tool.driver.informationUri`, e.g. the action's repository page. */
  informationUri?: string;
  /** For `versionControlProvenance`; defaults to github.com. */
  serverUrl?: string;
  /** Where findings without a file are placed; defaults to `.github/elder.yml`. */
  locationlessUri?: string;
  /** Defaults to 25,000, the code scanning limit. */
  maxResultsPerRun?: number;
  /** Defaults to 20, the code scanning limit. */
  maxRuns?: number;
  /** Metadata per rule id; rules it does not know are described from their id and findings. */
  ruleMetadata?: (ruleId: string) => SarifRuleMetadata | undefined;
}

const LEVELS: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const PROBLEM_SEVERITIES: Record<Severity, SarifRule['properties']['problem.severity']> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
  info: 'recommendation',
};

/** Inside code scanning's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
const SECURITY_SEVERITIES: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined,
};

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVELS[severity];
}

export function securitySeverity(severity: Severity): string | undefined {
  return SECURITY_SEVERITIES[severity];
}

/** Lower-case, whitespace collapsed, numbers replaced: a measured value changing keeps the alert. */
export function normalizeMessage(message: string): string {
  return sanitizeText(message)
    .toLowerCase()
    .replace(/\d+(?:[.,]\d+)*/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Stable across runs for the same problem: the finding's own fingerprint when it has one,
 * otherwise rule + file + normalised message. Line numbers are left out on purpose so that
 * an edit above the finding does not turn it into a new alert.
 */
export function findingFingerprint(finding: Finding): string {
  const material =
    finding.fingerprint !== undefined && finding.fingerprint !== ''
      ? `own\0${finding.fingerprint}`
      : `${finding.ruleId}\0${normalizePath(finding.location?.file ?? '')}\0${normalizeMessage(finding.message)}`;
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

function isSecurityFinding(result: PhaseResult, finding: Finding): boolean {
  return result.phase === 'compliance-audit' || (finding.controls !== undefined && finding.controls.length > 0);
}

/** A repository-relative path as a URI reference: segments percent-encoded, slashes kept. */
export function artifactUri(file: string): string {
  return normalizePath(sanitizeText(file))
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map(encodeURIComponent)
    .join('/');
}

function positiveInteger(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : undefined;
}

function regionOf(finding: Finding): SarifRegion | undefined {
  const location = finding.location;
  const startLine = positiveInteger(location?.line);
  if (location === undefined || startLine === undefined) return undefined;
  const region: SarifRegion = { startLine };
  const endLine = positiveInteger(location.endLine);
  if (endLine !== undefined && endLine > startLine) region.endLine = endLine;
  const startColumn = positiveInteger(location.column);
  if (startColumn !== undefined) {
    region.startColumn = startColumn;
    const endColumn = positiveInteger(location.endColumn);
    const sameLine = region.endLine === undefined;
    if (endColumn !== undefined && (!sameLine || endColumn >= startColumn)) region.endColumn = endColumn + 1;
  }
  return region;
}

function locationOf(finding: Finding, locationlessUri: string): { location: SarifLocation; locationless: boolean } {
  const uri = finding.location === undefined ? '' : artifactUri(finding.location.file);
  const locationless = uri === '';
  const location: SarifLocation = {
    physicalLocation: {
      artifactLocation: { uri: locationless ? artifactUri(locationlessUri) : uri, uriBaseId: '%SRCROOT%' },
    },
  };
  const region = locationless ? { startLine: 1 } : regionOf(finding);
  if (region !== undefined) location.physicalLocation.region = region;
  return { location, locationless };
}

/** "workflow/unpinned-action" -> "Workflow: unpinned action". */
function describeRule(ruleId: string): string {
  const words = sanitizeText(ruleId).replace(/[-_]+/g, ' ').trim();
  const slash = words.indexOf('/');
  const text = slash > 0 ? `${words.slice(0, slash)}: ${words.slice(slash + 1).replace(/\//g, ' ')}` : words;
  return text === '' ? 'Unnamed rule' : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Category part of `automationDetails.id`: only characters code scanning shows cleanly. */
function categorySegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
}

function isoOrUndefined(instant: string): string | undefined {
  const time = Date.parse(instant);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function invocationOf(result: PhaseResult): SarifRun['invocations'][number] {
  // The analysis itself ran; whether it found problems is in the results, not here.
  const invocation: SarifRun['invocations'][number] = { executionSuccessful: true };
  const start = isoOrUndefined(result.timings.startedAt);
  const end = isoOrUndefined(result.timings.finishedAt);
  if (start !== undefined) invocation.startTimeUtc = start;
  if (end !== undefined) invocation.endTimeUtc = end;
  return invocation;
}

function messageText(finding: Finding): string {
  const message = sanitizeText(finding.message).trim() || finding.ruleId;
  const evidence = finding.evidence === undefined ? '' : sanitizeText(finding.evidence).trim();
  return evidence === '' ? message : `${message}\nEvidence: ${evidence}`;
}

class RuleTable {
  readonly rules: SarifRule[] = [];
  private readonly index = new Map<string, number>();
  private readonly severities: Severity[] = [];

  constructor(private readonly metadata?: SarifOptions['ruleMetadata']) {}

  add(result: PhaseResult, finding: Finding): number {
    let position = this.index.get(finding.ruleId);
    const created = position === undefined;
    if (position === undefined) {
      position = this.rules.length;
      this.index.set(finding.ruleId, position);
      this.severities.push(finding.severity);
      this.rules.push({
        id: finding.ruleId,
        shortDescription: { text: describeRule(finding.ruleId) },
        help: { text: sanitizeText(finding.help ?? '') || `See the ${result.phase} result for how to fix this.` },
        defaultConfiguration: { level: sarifLevel(finding.severity) },
        properties: { tags: ['ancient-elder', result.phase], 'problem.severity': PROBLEM_SEVERITIES[finding.severity] },
      });
    }
    const rule = this.rules[position] as SarifRule;
    // The rule takes the most severe severity any of its findings has.
    if (severityRank(finding.severity) < severityRank(this.severities[position] as Severity)) {
      this.severities[position] = finding.severity;
      rule.defaultConfiguration.level = sarifLevel(finding.severity);
      rule.properties['problem.severity'] = PROBLEM_SEVERITIES[finding.severity];
    }
    if (isSecurityFinding(result, finding)) this.addTags(rule, ['security', ...(finding.controls ?? [])]);
    // After `security`, so caller tags can never crowd out the tag code scanning keys on.
    if (created) this.describe(rule);
    // Recomputed on every finding: a later, more severe finding raises the rule's score too.
    const score = securitySeverity(this.severities[position] as Severity);
    if (rule.properties.tags.includes('security') && score !== undefined) rule.properties['security-severity'] = score;
    return position;
  }

  private describe(rule: SarifRule): void {
    const meta = this.metadata?.(rule.id);
    if (meta === undefined) return;
    const short = sanitizeText(meta.shortDescription).trim();
    if (short !== '') rule.shortDescription = { text: short };
    const full = sanitizeText(meta.fullDescription ?? '').trim();
    if (full !== '') rule.fullDescription = { text: full };
    const help = sanitizeText(meta.helpText).trim();
    if (help !== '') rule.help = { text: help };
    const markdown = sanitizeText(meta.helpMarkdown ?? '').trim();
    if (markdown !== '') rule.help.markdown = markdown;
    this.addTags(rule, meta.tags ?? []);
  }

  private addTags(rule: SarifRule, tags: readonly string[]): void {
    for (const tag of tags) {
      const clean = sanitizeText(tag).trim();
      if (clean === '' || rule.properties.tags.includes(clean)) continue;
      if (rule.properties.tags.length >= SARIF_TAGS_KEPT_PER_RULE) return;
      rule.properties.tags.push(clean);
    }
  }
}

function buildRun(result: PhaseResult, options: SarifOptions): SarifRun {
  const maxResults = options.maxResultsPerRun ?? SARIF_MAX_RESULTS_PER_RUN;
  const locationlessUri = options.locationlessUri ?? DEFAULT_LOCATIONLESS_URI;
  const ranked = rankBySeverity(result.findings);
  const kept = ranked.slice(0, maxResults);
  const rules = new RuleTable(options.ruleMetadata);
  const results = kept.map((finding): SarifResult => {
    const ruleIndex = rules.add(result, finding);
    const { location, locationless } = locationOf(finding, locationlessUri);
    const properties: Record<string, unknown> = { severity: finding.severity };
    if (finding.onChangedLine === true) properties.onChangedLine = true;
    if (finding.controls !== undefined && finding.controls.length > 0) properties.controls = [...finding.controls];
    if (locationless) properties.locationless = true;
    return {
      ruleId: finding.ruleId,
      ruleIndex,
      level: sarifLevel(finding.severity),
      message: { text: messageText(finding) },
      locations: [location],
      partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
      properties,
    };
  });

  const driver: SarifRun['tool']['driver'] = {
    name: result.tool.name,
    version: result.tool.version,
    rules: rules.rules,
  };
  if (/^\d+\.\d+\.\d+/.test(result.tool.version)) driver.semanticVersion = result.tool.version;
  const informationUri = options.informationUri === undefined ? undefined : safeUrl(options.informationUri);
  if (informationUri !== undefined) driver.informationUri = informationUri;

  const category = ['ancient-elder', result.phase, result.environment, result.key]
    .filter((part): part is string => !!part)
    .map(categorySegment)
    .join('/');
  const run: SarifRun = {
    tool: { driver },
    // A trailing slash makes the whole id the category, so each phase and environment
    // keeps its own set of alerts instead of closing another's.
    automationDetails: { id: `${category}/` },
    invocations: [invocationOf(result)],
    originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
    results,
    properties: {
      phase: result.phase,
      environment: result.environment,
      tier: result.tier,
      status: result.status,
      score: result.score,
      summary: sanitizeText(result.summary),
      omittedResults: ranked.length - kept.length,
    },
  };
  const repository = result.source?.repository;
  const server = safeUrl(options.serverUrl ?? DEFAULT_SERVER_URL);
  if (repository !== undefined && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository) && server !== undefined) {
    const provenance: { repositoryUri: string; revisionId?: string; branch?: string } = {
      repositoryUri: `${server.replace(/\/+$/, '')}/${repository}`,
    };
    if (result.source?.commit !== undefined) provenance.revisionId = result.source.commit;
    if (result.source?.ref !== undefined) provenance.branch = result.source.ref;
    run.versionControlProvenance = [provenance];
  }
  return run;
}

/**
 * The SARIF log for the given phase results. Runs past `maxRuns` are left out and counted
 * in `properties.omittedRuns`; results past `maxResultsPerRun` (the least severe) are left
 * out and counted in the run's `properties.omittedResults`.
 */
export function toSarif(results: readonly PhaseResult[], options: SarifOptions = {}): SarifLog {
  const maxRuns = options.maxRuns ?? SARIF_MAX_RUNS;
  const kept = results.slice(0, maxRuns);
  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: kept.map((result) => buildRun(result, options)),
  };
  if (results.length > kept.length) log.properties = { omittedRuns: results.length - kept.length };
  return log;
}
