import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  KubernetesDriver,
  type ExecFn,
  type KubernetesDriverOptions,
} from '../../../../../actions/deploy/src/drivers/kubernetes/kubernetes-driver.js';
import { DriverError } from '../../../../../actions/deploy/src/drivers/traffic-driver.js';
import type { ExecResult } from '../../../../../shared/runtime/exec.js';
import { UserError } from '../../../../../shared/runtime/errors.js';
import { deploymentSchema, httpRouteSchema, serviceSchema } from './manifest-schemas.js';

const FIXTURES = new URL('../../../../fixtures/deploy/kubernetes/', import.meta.url);
const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  Deployment: ajv.compile(deploymentSchema),
  Service: ajv.compile(serviceSchema),
  HTTPRoute: ajv.compile(httpRouteSchema),
};

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
let calls: string[][];
/** What `kubectl apply -f dir` saw, parsed, per call. */
let applied: Obj[][];
let answers: Record<string, Partial<ExecResult>>;

const ok = (stdout = ''): ExecResult => ({
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  truncated: false,
  timedOut: false,
  durationMs: 1,
});

/** A recording kubectl: reads the manifests at apply time; canned answers keyed by subcommand. */
const fakeKubectl: ExecFn = async (file, args) => {
  expect(file).toBe('kubectl');
  calls.push([...args]);
  const sub = args.includes('apply')
    ? 'apply'
    : args.includes('rollout')
      ? 'rollout'
      : args.includes('get')
        ? `get ${args[args.indexOf('get') + 1]}`
        : args[0]!;
  if (sub === 'apply') {
    const target = args[args.indexOf('-f') + 1]!;
    const files = (await readdir(target)).filter((f) => f.endsWith('.yaml')).sort();
    const docs: Obj[] = [];
    for (const f of files) {
      for (const doc of parseAllDocuments(await readFile(join(target, f), 'utf8'))) {
        expect(doc.errors).toEqual([]);
        docs.push(doc.toJS() as Obj);
      }
    }
    applied.push(docs);
  }
  return { ...ok(), ...answers[sub] };
};

function driver(extra: Partial<KubernetesDriverOptions> = {}): KubernetesDriver {
  return new KubernetesDriver({
    app: 'shop',
    namespace: 'prod',
    image: 'ghcr.io/acme/shop:{version}',
    containerPort: 8080,
    manifestDir: dir,
    gateway: { name: 'public', namespace: 'infra' },
    hostnames: ['shop.example.com'],
    kubectlArgs: ['--context', 'prod-eu'],
    exec: fakeKubectl,
    ...extra,
  });
}

function byKind(docs: Obj[], kind: string): Obj[] {
  return docs.filter((d) => d['kind'] === kind);
}

function expectValid(docs: Obj[]): void {
  for (const doc of docs) {
    const validate = validators[doc['kind'] as keyof typeof validators];
    expect(validate, `no schema for ${doc['kind']}`).toBeDefined();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elder-k8s-'));
  calls = [];
  applied = [];
  answers = {};
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('KubernetesDriver (Gateway API)', () => {
  it('renders labelled Deployments, Services and a weighted HTTPRoute with preview matches', async () => {
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 3);
    await d.startRole('candidate', { version: 'v2' }, 2);
    await d.setRoute({
      weights: { stable: 95, candidate: 5 },
      match: [
        { role: 'candidate', header: { name: 'x-elder-preview', value: 'candidate' } },
        { role: 'candidate', cookie: { name: 'variant', value: 'b.1' } },
      ],
    });
    const docs = applied.at(-1)!;
    expectValid(docs);
    const deployments = byKind(docs, 'Deployment');
    expect(deployments.map((x) => x['metadata'].name).sort()).toEqual(['shop-candidate', 'shop-stable']);
    const candidate = deployments.find((x) => x['metadata'].name === 'shop-candidate')!;
    expect(candidate['metadata'].labels).toEqual({
      app: 'shop',
      'elder.dev/role': 'candidate',
      'elder.dev/version': 'v2',
    });
    expect(candidate['spec'].replicas).toBe(2);
    expect(candidate['spec'].selector.matchLabels).toEqual({ app: 'shop', 'elder.dev/role': 'candidate' });
    expect(candidate['spec'].template.metadata.labels['elder.dev/version']).toBe('v2');
    expect(candidate['spec'].template.spec.containers[0].image).toBe('ghcr.io/acme/shop:v2');

    const services = byKind(docs, 'Service');
    expect(services.find((s) => s['metadata'].name === 'shop')!['spec'].selector).toEqual({ app: 'shop' });
    expect(services.find((s) => s['metadata'].name === 'shop-stable')!['spec'].selector).toEqual({
      app: 'shop',
      'elder.dev/role': 'stable',
    });

    const [route] = byKind(docs, 'HTTPRoute');
    expect(route!['spec'].parentRefs).toEqual([{ name: 'public', namespace: 'infra' }]);
    expect(route!['spec'].hostnames).toEqual(['shop.example.com']);
    const rules = route!['spec'].rules as Obj[];
    expect(rules[0]!['matches'][0].headers).toEqual([{ type: 'Exact', name: 'x-elder-preview', value: 'candidate' }]);
    const cookieRule = rules[1]!['matches'][0].headers[0];
    expect(cookieRule.type).toBe('RegularExpression');
    expect(new RegExp(`^${cookieRule.value}$`).test('a=1; variant=b.1; c=2')).toBe(true);
    expect(new RegExp(`^${cookieRule.value}$`).test('variant=bx1')).toBe(false);
    expect(rules[2]!['backendRefs']).toEqual([
      { name: 'shop-stable', port: 80, weight: 95 },
      { name: 'shop-candidate', port: 80, weight: 5 },
    ]);
  });

  it('applies the directory with kubectl and waits for each rollout', async () => {
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    expect(calls).toEqual([
      ['--context', 'prod-eu', 'apply', '-f', dir],
      ['--context', 'prod-eu', 'rollout', 'status', 'deployment/shop-stable', '-n', 'prod', '--timeout=300s'],
    ]);
  });

  it('reports a rollout that never becomes ready and forgets the role', async () => {
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    answers['rollout'] = { exitCode: 1, stderr: 'error: deployment "shop-candidate" exceeded its progress deadline' };
    const error = await d.startRole('candidate', { version: 'v2' }, 1).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DriverError);
    expect((error as Error).message).toMatch(/rollout status.*exceeded its progress deadline/);
    await expect(d.setRoute({ weights: { stable: 50, candidate: 50 } })).rejects.toThrow(/not running/);
  });

  it('removes a stopped role from the directory and deletes it, but never while routed', async () => {
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    await d.startRole('candidate', { version: 'v2' }, 1);
    await d.setRoute({ weights: { candidate: 100 } });
    await expect(d.stopRole('candidate')).rejects.toThrow(/still sends it traffic/);
    await d.stopRole('stable');
    expect((await readdir(dir)).some((f) => f.includes('shop-stable'))).toBe(false);
    expect(calls.at(-1)).toEqual([
      '--context',
      'prod-eu',
      'delete',
      'deployment',
      'shop-stable',
      'service',
      'shop-stable',
      '-n',
      'prod',
      '--ignore-not-found',
    ]);
    expect(byKind(applied.at(-1)!, 'Deployment').map((x) => x['metadata'].name)).toEqual(['shop-candidate']);
  });

  it('reads status from recorded kubectl JSON', async () => {
    answers['get deployments'] = { stdout: await readFile(new URL('get-deployments.json', FIXTURES), 'utf8') };
    answers['get httproutes.gateway.networking.k8s.io'] = {
      stdout: await readFile(new URL('get-httproute.json', FIXTURES), 'utf8'),
    };
    const status = await driver().status();
    expect(status.roles).toEqual({
      stable: { version: 'v1', ready: 3, desired: 3 },
      candidate: { version: 'v2', ready: 0, desired: 2 },
    });
    expect(status.route).toEqual({
      weights: { stable: 90, candidate: 10 },
      match: [{ role: 'candidate', header: { name: 'x-elder-preview', value: 'candidate' } }],
    });
    expect(calls[0]).toEqual([
      '--context',
      'prod-eu',
      'get',
      'deployments',
      '-n',
      'prod',
      '-l',
      'app=shop,elder.dev/role',
      '-o',
      'json',
    ]);
    answers['get deployments'] = { stdout: 'error: You must be logged in' };
    await expect(driver().status()).rejects.toThrow(/did not answer a JSON object/);
  });

  it('refuses bad input: sticky, weights, label values, config', async () => {
    const d = driver();
    await d.startRole('stable', { version: 'v1' }, 1);
    await expect(d.setRoute({ weights: { stable: 100 }, sticky: { header: 'x-user' } })).rejects.toThrow(/sticky/);
    await expect(d.setRoute({ weights: { stable: 60 } })).rejects.toThrow(/add up to 60/);
    await expect(d.startRole('candidate', { version: 'v2; rm -rf /' }, 1)).rejects.toThrow(/label value/);
    await expect(
      d.setRoute({ weights: { stable: 100 }, match: [{ role: 'stable', header: { name: 'x y', value: 'a' } }] }),
    ).rejects.toThrow(DriverError);
    expect(() => driver({ gateway: undefined })).toThrow(UserError);
    expect(() => driver({ app: 'Shop_1' })).toThrow(/DNS-1035/);
    expect(() => driver({ image: 'shop:latest' })).toThrow(/\{version\}/);
  });
});

describe('KubernetesDriver (replica ratios)', () => {
  it('carries weights as replica counts behind one Service selecting the app', async () => {
    const d = driver({ traffic: 'replicas', gateway: undefined });
    await d.startRole('stable', { version: 'v1' }, 6);
    await d.startRole('candidate', { version: 'v2' }, 2);
    await d.setRoute({ weights: { stable: 75, candidate: 25 } });
    const docs = applied.at(-1)!;
    expectValid(docs);
    expect(byKind(docs, 'HTTPRoute')).toEqual([]);
    expect(byKind(docs, 'Service').map((s) => s['spec'].selector)).toEqual([{ app: 'shop' }]);
    const replicas = Object.fromEntries(
      byKind(docs, 'Deployment').map((x) => [x['metadata'].labels['elder.dev/role'], x['spec'].replicas]),
    );
    // 75/25 of the 8 instances started.
    expect(replicas).toEqual({ stable: 6, candidate: 2 });
    await d.setRoute({ weights: { stable: 50, candidate: 50 } });
    const half = byKind(applied.at(-1)!, 'Deployment').map((x) => x['spec'].replicas);
    expect(half).toEqual([4, 4]);
    await expect(d.setRoute({ weights: { stable: 99, candidate: 1 } })).rejects.toThrow(/needs more replicas/);
    await expect(
      d.setRoute({ weights: { stable: 100 }, match: [{ role: 'candidate', header: { name: 'x-a', value: 'b' } }] }),
    ).rejects.toThrow(/gateway-api/);
  });
});
