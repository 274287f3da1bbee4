/**
 * The bundled deploy action (dist/deploy/main.js and post.js) as the runner runs it, against the
 * fake GitHub API, with the local driver running the example service and real traffic through
 * its proxy: a canary that promotes (deployment in_progress -> success with the environment URL,
 * check run updated per step then completed with the step table), a regression that is rolled
 * back (deployment failure, revert pull request to the last good commit), a read-only token
 * (one warning, verdict intact), and a main step killed mid-rollout whose post step rolls back.
 *
 * ELDER_DEPLOY_ENTRY_DIR runs other entries instead (`<dir>/main.mts`, `<dir>/post.mts` through
 * tsx), to try the action from source before it is bundled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun, type RunActionOptions } from '../support/action-harness.js';
import { FakeGitHub } from '../support/fake-github/index.js';
import { fakeClient } from '../support/fake-github/test-client.js';

const SOURCE_DIR = process.env['ELDER_DEPLOY_ENTRY_DIR'];
const ENTRY = (stage: 'main' | 'post') =>
  SOURCE_DIR ? resolve(SOURCE_DIR, `${stage}.mts`) : resolve(import.meta.dirname, `../../dist/deploy/${stage}.js`);
const TSX = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const NODE_ARGS = SOURCE_DIR ? ['--import', TSX] : [];
const SERVER = resolve(import.meta.dirname, '../../examples/service/server.mjs');
const REPO = { owner: 'octo-org', repo: 'service' };

/**
 * The service as the workspace runs it: the example server, erring on 20 % of requests as
 * version v2.9 (a regression that ships with the code), and exiting when the process
 * that started it is gone (a SIGKILLed main step cannot stop its children itself).
 */
const WRAPPER = `const args = process.argv.slice(2);
const version = args[args.indexOf('--version') + 1] ?? '';
if (version === 'v2.9') process.env.FAULT_ERROR_RATE = '0.2';
process.env.FAULT_LATENCY_MS ??= '20';
process.env.SHUTDOWN_GRACE_MS ??= '1000';
const parent = process.ppid;
setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 250).unref();
await import(${JSON.stringify(pathToFileURL(SERVER).href)});
`;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function workspace(port: number, deploy: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'elder-deploy-action-'));
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(join(dir, 'service.mjs'), WRAPPER);
  const yaml = [
    'version: 1',
    'environments:',
    '  staging:',
    '    tier: staging',
    '    scaling: { min_instances: 1, max_instances: 4 }',
    '    phases:',
    '      deploy:',
    '        strategy: canary',
    '        driver: local',
    ...deploy.map((line) => `        ${line}`),
    '        analysis: { interval: 1s, min_requests: 30, latency_tolerance: 1.0, on_inconclusive: promote }',
    '        local:',
    `          command: [${JSON.stringify(process.execPath)}, service.mjs, --port, '{port}', --version, '{version}']`,
    `          listen_port: ${port}`,
    '          start_timeout: 20s',
    '',
  ].join('\n');
  await writeFile(join(dir, '.github', 'elder.yml'), yaml);
  return dir;
}

/** Requests through the entry proxy while the action runs (the proxy appears when it starts). */
function traffic(port: number): { stop(): Promise<number> } {
  let running = true;
  let served = 0;
  const worker = async () => {
    while (running) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        served++;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return served;
    },
  };
}

describe('actions/deploy (bundled) against the fake GitHub API', () => {
  let fake: FakeGitHub;
  const cleanups: (() => Promise<void> | void)[] = [];
  let goodSha: string;
  let badSha: string;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const good = fake.seed.addCommit(REPO, { message: 'good change', branch: 'main' });
    const bad = fake.seed.addCommit(REPO, { message: 'bad change', parents: [good.sha], branch: 'main' });
    goodSha = good.sha;
    badSha = bad.sha;
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function deploy(
    deployYaml: string[],
    options: Partial<RunActionOptions> & { stage?: 'main' | 'post'; cwd?: string; port?: number } = {},
  ): Promise<{ run: ActionRun; cwd: string; port: number; served: number }> {
    const port = options.port ?? (await freePort());
    const cwd = options.cwd ?? (await workspace(port, deployYaml));
    cleanups.push(() => rm(cwd, { recursive: true, force: true }));
    const load = traffic(port);
    const { stage = 'main', inputs, ...extra } = options;
    const run = await runAction({
      script: ENTRY(stage),
      nodeArgs: NODE_ARGS,
      cwd,
      sha: badSha,
      inputs: { token: 'ghs_deploy_token', environment: 'staging', 'stable-version': 'v1', ...inputs },
      apiUrl: fake.url,
      timeoutMs: 90_000,
      ...extra,
    });
    const served = await load.stop();
    cleanups.push(run.cleanup);
    return { run, cwd, port, served };
  }

  const deploymentsOf = () => fake.state.deployments.filter((d) => d.environment === 'staging');

  it('promotes a good canary: deployment in_progress -> success with its URL, check run per step', async () => {
    const { run, port, served } = await deploy(['steps: [50, 100]', 'step_interval: 1s'], {
      inputs: { version: 'v2' },
      event: { name: 'pull_request', number: 7, headSha: badSha },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(served).toBeGreaterThan(100);
    expect(run.outputs).toMatchObject({ status: 'success', outcome: 'promoted' });
    expect(run.outputs['environment-url']).toBe(`http://127.0.0.1:${port}`);
    const [deployment] = deploymentsOf();
    expect(deployment).toMatchObject({ sha: badSha, payload: { strategy: 'canary', version: 'v2', driver: 'local' } });
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment?.statuses[1]?.environmentUrl).toBe(`http://127.0.0.1:${port}`);
    expect(run.outputs['deployment-id']).toBe(String(deployment?.id));
    const check = fake.checkRuns.find((c) => c.name === 'elder / deploy (staging)');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'success' });
    // Updated while running: created in_progress, then one update per step event, then completed.
    const updates = fake.callsTo('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(check?.output.summary).toContain('error rate (baseline → candidate)');
    expect(run.summary).toContain('Promoted v2 to staging');
    expect(run.summary).toContain('```mermaid');
    // Staging is a preview tier: one sticky comment on the pull request.
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body.startsWith('<!-- elder:deploy:staging -->')).toBe(true);
    const resultFile = run.outputs['result-file'] ?? '';
    expect(JSON.parse(readFileSync(resultFile, 'utf8'))).toMatchObject({ phase: 'deploy', status: 'success' });
  });

  it('rolls a regression back: deployment failure, revert pull request to the last good commit', async () => {
    const { octokit } = fakeClient(fake);
    const earlier = await octokit.rest.repos.createDeployment({
      ...REPO,
      ref: goodSha,
      environment: 'staging',
      required_contexts: [],
      auto_merge: false,
    });
    if (!('id' in earlier.data)) throw new Error('no deployment');
    await octokit.rest.repos.createDeploymentStatus({ ...REPO, deployment_id: earlier.data.id, state: 'success' });

    const { run } = await deploy(['steps: [50, 100]', 'step_interval: 1s'], {
      inputs: { version: 'v2.9', 'revert-pr': true },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs, run.stdout).toMatchObject({ status: 'failure', outcome: 'rolled_back', verdict: 'fail' });
    expect(run.errors.map((e) => e.message).join('\n')).toContain('rolled back');
    const mine = deploymentsOf().find((d) => d.sha === badSha);
    expect(mine?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(mine?.statuses[1]?.description).toContain('rolled back (analysis)');
    const check = fake.checkRuns.find((c) => c.name === 'elder / deploy (staging)');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.pullRequests).toHaveLength(1);
    const pr = fake.pullRequests[0];
    expect(run.outputs['revert-pr-url']).toMatch(new RegExp(`/pull/${pr?.number}$`));
    expect(pr?.baseRef).toBe('main');
    const head = fake.state.git.branchSha(REPO, pr?.headRef ?? '');
    expect(fake.state.git.commit(REPO, head ?? '')?.tree).toBe(fake.state.git.commit(REPO, goodSha)?.tree);
  });

  it('degrades with one warning on a read-only token and still exits with the verdict', async () => {
    fake.readOnly = true;
    const { run } = await deploy(['steps: [50, 100]', 'step_interval: 1s'], { inputs: { version: 'v2.9' } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'failure', outcome: 'rolled_back', 'deployment-id': '' });
    const publishing = run.warnings.filter((w) => w.message.includes('Could not publish to GitHub'));
    expect(publishing).toHaveLength(1);
    expect(publishing[0]?.message).toContain('deployments: write');
    expect(run.summary).toContain('Rolled back v2.9 to staging');
    expect(existsSync(run.outputs['result-file'] ?? '')).toBe(true);
    expect(deploymentsOf()).toHaveLength(0);
  });

  it('refuses a dispatched promote clearly when no rollout is in flight', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'elder-deploy-state-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const { run } = await deploy(['steps: [50, 100]', 'step_interval: 1s'], {
      inputs: { command: 'promote', 'state-dir': stateDir },
      event: { name: 'workflow_dispatch', inputs: { command: 'promote' } },
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.map((e) => e.message).join('\n')).toContain("no rollout state for 'staging': nothing to promote");
    expect(deploymentsOf()).toHaveLength(0);
  });

  it('post step after a killed main rolls back and marks the deployment failed', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'elder-deploy-state-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    // A long step: the harness SIGKILLs main (timeoutMs) while the canary is at 50 %.
    const main = await deploy(['steps: [50, 100]', 'step_interval: 120s'], {
      inputs: { version: 'v2', 'state-dir': stateDir },
      timeoutMs: 12_000,
    });
    expect(main.run.timedOut).toBe(true);
    expect(main.run.signal).toBe('SIGKILL');
    const state = JSON.parse(readFileSync(join(stateDir, 'staging.json'), 'utf8')) as { phase: string };
    expect(state.phase).toBe('stepping');
    expect(main.run.state['deploy']).toBeDefined();

    const post = await deploy([], {
      stage: 'post',
      cwd: main.cwd,
      port: main.port,
      state: main.run.state,
      inputs: { version: 'v2', 'state-dir': stateDir },
    });
    expect(post.run.exitCode, post.run.stdout + post.run.stderr).toBe(0);
    expect(post.run.warnings.map((w) => w.message).join('\n')).toContain('in flight');
    const after = JSON.parse(readFileSync(join(stateDir, 'staging.json'), 'utf8')) as { phase: string };
    expect(after.phase).toBe('rolled_back');
    const [deployment] = deploymentsOf();
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    const check = fake.checkRuns.find((c) => c.name === 'elder / deploy (staging)');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(post.run.outputs).toMatchObject({ outcome: 'rolled_back' });
  });
});
