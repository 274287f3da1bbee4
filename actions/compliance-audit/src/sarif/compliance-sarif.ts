/**
 * The compliance audit's SARIF: the shared renderer (`shared/render/sarif.ts`) with our rule
 * catalogue as metadata, then GitHub's upload limits enforced on the serialised file: 25,000
 * results per run and 20 tags per rule are applied by the renderer; here the 10 MB gzip limit
 * is enforced by halving the kept results (least severe dropped first) until it fits, and every
 * dropped result is counted in `runs[0].properties.omittedResults`.
 */
import { gzipSync } from 'node:zlib';
import type { PhaseResult } from '../../../../shared/result/phase-result.js';
import { escapeMarkdown } from '../../../../shared/render/escape.js';
import { SARIF_MAX_GZIP_BYTES, SARIF_MAX_RESULTS_PER_RUN } from '../../../../shared/render/limits.js';
import { toSarif, type SarifLog, type SarifRuleMetadata } from '../../../../shared/render/sarif.js';
import type { AuditRule } from '../model/audit-rule.js';
import { EXPIRED_WAIVER_RULE, KNOWN_RULE_FAMILIES } from '../frameworks/known-rules.js';

export interface ComplianceSarifOptions {
  /** Rule catalogue of the checkers, by id. */
  rules: ReadonlyMap<string, AuditRule>;
  informationUri?: string;
  /** Where findings without a file go; GitHub needs a file in the repository. */
  locationlessUri?: string;
  maxGzipBytes?: number;
  maxResultsPerRun?: number;
}

export interface ComplianceSarif {
  log: SarifLog;
  /** The JSON text to write and upload. */
  text: string;
  gzipBytes: number;
  omittedResults: number;
}

function metadataFor(rules: ReadonlyMap<string, AuditRule>): (ruleId: string) => SarifRuleMetadata | undefined {
  return (ruleId) => {
    const rule = rules.get(ruleId);
    if (rule !== undefined) {
      return {
        shortDescription: rule.title,
        fullDescription: `${rule.title}. Checked from the ${rule.source}; control family ${rule.family.replace(/_/g, ' ')}.`,
        helpText: rule.help,
        helpMarkdown: `**${escapeMarkdown(rule.title)}**\n\n${escapeMarkdown(rule.help)}\n\nSee CONTROLS.md for the framework controls this rule bears on.`,
        tags: [rule.family, rule.source],
      };
    }
    if (ruleId === EXPIRED_WAIVER_RULE) {
      return {
        shortDescription: 'A compliance waiver has expired',
        fullDescription:
          'A waiver in the configuration is past its expiry date, so the findings it covered stand again.',
        helpText: 'Fix the findings the waiver covered, or review and renew the waiver with a new expiry date.',
        tags: ['governance'],
      };
    }
    const family = KNOWN_RULE_FAMILIES[ruleId];
    return family === undefined
      ? undefined
      : { shortDescription: ruleId, helpText: `See CONTROLS.md for ${ruleId}.`, tags: [family] };
  };
}

export function complianceSarif(result: PhaseResult, options: ComplianceSarifOptions): ComplianceSarif {
  const limit = options.maxGzipBytes ?? SARIF_MAX_GZIP_BYTES;
  let maxResults = Math.min(options.maxResultsPerRun ?? SARIF_MAX_RESULTS_PER_RUN, SARIF_MAX_RESULTS_PER_RUN);
  const ruleMetadata = metadataFor(options.rules);
  for (;;) {
    const log = toSarif([result], {
      ruleMetadata,
      maxResultsPerRun: maxResults,
      ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
      ...(options.locationlessUri === undefined ? {} : { locationlessUri: options.locationlessUri }),
    });
    const text = `${JSON.stringify(log)}\n`;
    const gzipBytes = gzipSync(text).byteLength;
    const run = log.runs[0];
    const kept = run?.results.length ?? 0;
    if (gzipBytes <= limit || kept === 0) {
      const omitted = typeof run?.properties.omittedResults === 'number' ? run.properties.omittedResults : 0;
      return { log, text, gzipBytes, omittedResults: omitted };
    }
    maxResults = Math.floor(kept / 2);
  }
}
