/**
 * The quality_gate section of one environment, typed: every gate gets its conditions and
 * required inputs, written ones where the file has them and the tier's built-in ones elsewhere
 * (each field on its own, so writing only `required_reports` keeps the default conditions).
 */
import { DEFAULT_NEW_CODE_MIN_LINES, defaultGateSettings, type GateDefaultsContext } from './quality-gate-defaults.js';
import { operatorSymbol } from './quality-metrics.js';
import type { RawCondition, RawQualityGate } from './raw-config.js';
import type { GateSettings, QualityCondition, QualityGateSettings } from './types.js';
import { QUALITY_GATES, type QualityGateName, type Tier } from './vocabulary.js';

/** `raw` has every default layer merged in. */
export function buildQualityGate(
  raw: RawQualityGate,
  tier: Tier,
  context: GateDefaultsContext,
): Omit<QualityGateSettings, 'enabled' | 'gates' | 'minScore' | 'waive' | 'waiveReason'> {
  const byGate = {} as Record<QualityGateName, GateSettings>;
  for (const gate of QUALITY_GATES) {
    const written = raw[gate];
    const defaults = defaultGateSettings(tier, gate, context);
    const conditions = written?.conditions ?? defaults.conditions ?? [];
    byGate[gate] = {
      conditions: conditions.map(toCondition),
      requiredReports: [...(written?.required_reports ?? defaults.required_reports ?? [])],
      source: written?.conditions !== undefined ? 'configured' : 'default',
    };
  }
  return {
    newCodeMinLines: raw.new_code_min_lines ?? DEFAULT_NEW_CODE_MIN_LINES,
    // Own properties only, so a package named like an Object.prototype member stays a plain key.
    paths: Object.fromEntries(Object.entries(raw.paths ?? {})),
    byGate,
  };
}

function toCondition(raw: RawCondition): QualityCondition {
  const condition: QualityCondition = {
    metric: raw.metric,
    operator: operatorSymbol(raw.operator),
    threshold: raw.threshold,
    waive: raw.waive ?? false,
  };
  if (raw.scope !== undefined) condition.scope = raw.scope;
  if (raw.path !== undefined) condition.path = raw.path;
  if (raw.waive_reason !== undefined) condition.waiveReason = raw.waive_reason;
  return condition;
}
