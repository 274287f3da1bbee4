/**
 * The reportingDescriptor (rule) a SARIF result refers to (SARIF 2.1.0 sections 3.27.5-3.27.7,
 * 3.52). Most tools index `tool.driver.rules` with `ruleIndex` or match by `ruleId`; CodeQL puts
 * rules in query packs, `tool.extensions[n].rules`, and says so with
 * `rule.toolComponent.index`. A hierarchical `ruleId` such as `CA5350/md5` belongs to rule
 * `CA5350`.
 */
import { isRecord, optionalString } from '../detect/json-shape.js';

export interface ToolComponents {
  driver: Record<string, unknown>;
  extensions: Record<string, unknown>[];
}

export interface RuleReference {
  rule?: Record<string, unknown>;
  /** The tool component that defines the rule (its globalMessageStrings apply). */
  component: Record<string, unknown>;
}

const rulesById = new WeakMap<Record<string, unknown>, Map<string, Record<string, unknown>>>();

export function lookupSarifRule(result: Record<string, unknown>, tool: ToolComponents): RuleReference {
  const reference = isRecord(result.rule) ? result.rule : {};
  const component = componentOf(reference.toolComponent, tool);
  const rules = Array.isArray(component.rules) ? component.rules : [];
  const index = nonNegativeIndex(reference.index) ?? nonNegativeIndex(result.ruleIndex);
  if (index !== undefined) {
    const rule = rules[index];
    if (isRecord(rule)) return { rule, component };
  }
  const id = optionalString(reference.id) ?? optionalString(result.ruleId);
  if (id === undefined) return { component };
  const byId = indexRules(component, rules);
  const rule = byId.get(id) ?? byId.get(id.split('/')[0] as string);
  return rule ? { rule, component } : { component };
}

function componentOf(reference: unknown, tool: ToolComponents): Record<string, unknown> {
  if (!isRecord(reference)) return tool.driver;
  const index = nonNegativeIndex(reference.index);
  if (index !== undefined) return tool.extensions[index] ?? tool.driver;
  const name = optionalString(reference.name);
  if (name !== undefined) return tool.extensions.find((extension) => extension.name === name) ?? tool.driver;
  return tool.driver;
}

function indexRules(component: Record<string, unknown>, rules: unknown[]): Map<string, Record<string, unknown>> {
  let byId = rulesById.get(component);
  if (!byId) {
    byId = new Map();
    for (const rule of rules) {
      const id = isRecord(rule) ? optionalString(rule.id) : undefined;
      if (id !== undefined && isRecord(rule) && !byId.has(id)) byId.set(id, rule);
    }
    rulesById.set(component, byId);
  }
  return byId;
}

function nonNegativeIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
