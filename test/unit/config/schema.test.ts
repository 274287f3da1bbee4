import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AVAILABILITY_LEVELS } from '../../../shared/config/availability.js';
import { DATA_SIZE_PATTERN } from '../../../shared/config/data-size.js';
import { COMMON_DEFAULTS, DEFAULT_STEPS, TIER_DEFAULTS } from '../../../shared/config/defaults.js';
import { DURATION_PATTERN } from '../../../shared/config/duration.js';
import { deepMerge } from '../../../shared/config/environment-view.js';
import { ELDER_SCHEMA, ELDER_SCHEMA_ID, schemaErrors } from '../../../shared/config/schema.js';
import {
  BACKUP_STRATEGIES,
  COMPLIANCE_FRAMEWORKS,
  DEPLOY_DRIVERS,
  DEPLOY_STRATEGIES,
  DR_SCENARIOS,
  INTEGRATION_PATTERNS,
  PROVISION_CHECKS,
  QUALITY_GATES,
  SECURITY_LEVELS,
  TEST_KINDS,
  TIERS,
  type Tier,
} from '../../../shared/config/vocabulary.js';

type Node = Record<string, unknown>;
const definitions = ELDER_SCHEMA['definitions'] as Record<string, Node>;
const environment = definitions['environment'] as Node;
const props = (node: Node): Record<string, Node> => node['properties'] as Record<string, Node>;
const deref = (node: Node): Node =>
  typeof node['$ref'] === 'string'
    ? deref(definitions[(node['$ref'] as string).split('/').pop() as string] as Node)
    : node;

describe('elder.schema.json', () => {
  it('is a valid draft-07 schema that Ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
    expect(ajv.validateSchema(ELDER_SCHEMA)).toBe(true);
    expect(() => ajv.compile(ELDER_SCHEMA)).not.toThrow();
    expect(ELDER_SCHEMA['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(ELDER_SCHEMA_ID).toBe('https://ancient-elder.dev/schema/elder.schema.json');
  });

  it('is the file that ships beside the code', () => {
    const onDisk = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../../shared/config/elder.schema.json', import.meta.url)), 'utf8'),
    ) as unknown;
    expect(ELDER_SCHEMA).toEqual(onDisk);
  });

  it('describes every property, directly or through its definition', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const record = node as Node;
      const properties = record['properties'];
      if (properties && typeof properties === 'object') {
        for (const [name, child] of Object.entries(properties as Record<string, Node>)) {
          if (typeof deref(child)['description'] !== 'string' && typeof child['description'] !== 'string') {
            undocumented.push(`${where}/properties/${name}`);
          }
        }
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${where}/${key}`);
    };
    visit(ELDER_SCHEMA, '#');
    expect(undocumented).toEqual([]);
  });

  it('keeps its word lists identical to the TypeScript vocabulary', () => {
    const phases = definitions;
    const itemsEnum = (node: Node): unknown => deref(node['items'] as Node)['enum'];
    expect(props(environment)['tier']?.['enum']).toEqual([...TIERS]);
    expect(props(environment)['security_level']?.['enum']).toEqual([...SECURITY_LEVELS]);
    expect(props(props(environment)['backup'] as Node)['strategy']?.['enum']).toEqual([...BACKUP_STRATEGIES]);
    expect(definitions['complianceFramework']?.['enum']).toEqual([...COMPLIANCE_FRAMEWORKS]);
    expect(props(phases['deploy'] as Node)['strategy']?.['enum']).toEqual([...DEPLOY_STRATEGIES]);
    expect(props(phases['deploy'] as Node)['driver']?.['enum']).toEqual([...DEPLOY_DRIVERS]);
    expect(itemsEnum(props(phases['provision'] as Node)['checks'] as Node)).toEqual([...PROVISION_CHECKS]);
    expect(itemsEnum(props(phases['integrate'] as Node)['tests'] as Node)).toEqual([...TEST_KINDS]);
    expect(itemsEnum(props(phases['qualityGate'] as Node)['gates'] as Node)).toEqual([...QUALITY_GATES]);
    expect(itemsEnum(props(phases['drDrill'] as Node)['scenarios'] as Node)).toEqual([...DR_SCENARIOS]);
    const component = (props(phases['integrate'] as Node)['components'] as Node)['items'] as Node;
    expect(props(component)['pattern']?.['enum']).toEqual([...INTEGRATION_PATTERNS]);
    const availabilityBranches = definitions['availability']?.['anyOf'] as Node[];
    expect(availabilityBranches.map((branch) => branch['enum']).filter(Boolean)).toEqual([[...AVAILABILITY_LEVELS]]);
  });

  it('uses the same duration and data size grammar as the parsers', () => {
    expect(definitions['duration']?.['pattern']).toBe(DURATION_PATTERN);
    expect(definitions['dataSize']?.['pattern']).toBe(DATA_SIZE_PATTERN);
  });

  it('accepts every built-in default layer as a valid environment', () => {
    for (const tier of TIERS) {
      const merged = deepMerge(COMMON_DEFAULTS, TIER_DEFAULTS[tier], { tier });
      expect(schemaErrors({ version: 1, environments: { [tier.replace('_', '-')]: merged } })).toEqual([]);
    }
  });

  it('documents every strategy default the code applies', () => {
    const stepsDescription = String(props(definitions['deploy'] as Node)['steps']?.['description']);
    for (const [strategy, steps] of Object.entries(DEFAULT_STEPS)) {
      expect(stepsDescription).toMatch(new RegExp(`${strategy}( and \\w+)? ${steps.join(', ')}[;.]`));
    }
  });

  // Each "Default by tier: development x; staging y; ..." sentence must state what defaults.ts does.
  it.each([
    [['availability'], (tier: Tier) => TIER_DEFAULTS[tier].availability],
    [['security_level'], (tier: Tier) => TIER_DEFAULTS[tier].security_level],
    [['backup', 'strategy'], (tier: Tier) => TIER_DEFAULTS[tier].backup?.strategy],
    [['backup', 'retention'], (tier: Tier) => TIER_DEFAULTS[tier].backup?.retention],
    [['scaling', 'min_instances'], (tier: Tier) => TIER_DEFAULTS[tier].scaling?.min_instances],
    [['scaling', 'max_instances'], (tier: Tier) => TIER_DEFAULTS[tier].scaling?.max_instances],
    [['phases', 'deploy', 'strategy'], (tier: Tier) => TIER_DEFAULTS[tier].phases?.deploy?.strategy],
    [['phases', 'deploy', 'step_interval'], (tier: Tier) => TIER_DEFAULTS[tier].phases?.deploy?.step_interval],
  ] as const)('documents the tier defaults of %j', (path, codeDefault) => {
    let node: Node = environment;
    for (const key of path) node = props(deref(node))[key] as Node;
    // A property's own description wins over its definition's (durations share one definition).
    const description = String(node['description'] ?? deref(node)['description'] ?? '');
    const sentence = /Default by tier: ([^.]+)\./.exec(description)?.[1];
    expect(sentence, `description of ${path.join('.')}`).toBeDefined();
    const documented = Object.fromEntries(
      (sentence ?? '').split('; ').map((part) => part.split(' ') as [string, string]),
    );
    expect(documented).toEqual(Object.fromEntries(TIERS.map((tier) => [tier, String(codeDefault(tier))])));
  });
});
