/**
 * The canary end to end through a real nginx (the Debian package) instead of the embedded proxy:
 * the nginx driver renders weights, runs `nginx -t` and reloads at every step while traffic
 * flows, samples come from nginx's JSON access log, and the real judge decides. Zero failed
 * requests through the reloads, the promotion and a rollback.
 *
 * Clients: nginx closes the idle kept-alive connections of its old workers on every reload, and a
 * client that reuses one at that instant gets a reset before any answer (measured: about 0.5 %
 * of requests with Node's agent, which does not retry). Browsers resend an idempotent request
 * in that case, and so does the load here for the promotion (`retryReusedConnection`, resends
 * are counted and printed); the rollback test opens a fresh connection per request instead, as
 * independent users do. Either way no request may fail.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NginxDriver, ServiceProcessLauncher } from '../../../actions/deploy/src/drivers/nginx/index.js';
import { startNginx, type RunningNginx } from '../../unit/deploy/drivers/nginx/nginx-harness.js';
import { ROLLOUT_TIMEOUT_MS, E2E_ANALYSIS, e2eEnvironment, versionOf } from './support/e2e-environment.js';
import { lastRouteTo } from './support/recording-driver.js';
import { candidateFault, describeFailures, failed, reportNumbers, runE2eRollout } from './support/run-rollout.js';

const environment = e2eEnvironment([
  'strategy: canary',
  'driver: nginx',
  'steps: [10, 50, 100]',
  'step_interval: 1s',
  E2E_ANALYSIS,
]);
const v1 = versionOf(environment, 'v1');
const v2 = versionOf(environment, 'v2');
const broken = versionOf(environment, 'v2', { FAULT_ERROR_RATE: '0.3' });

describe('canary end to end through a real nginx', () => {
  let nginx: RunningNginx | undefined;
  let driver: NginxDriver | undefined;
  const start = async (): Promise<NginxDriver> => {
    nginx = await startNginx();
    driver = new NginxDriver({
      prefix: nginx.prefix,
      configFile: nginx.configFile,
      includeFile: nginx.includeFile,
      listen: { host: '127.0.0.1', port: nginx.port },
      launcher: new ServiceProcessLauncher({ env: { PATH: process.env['PATH'] ?? '' }, readyTimeoutMs: 20_000 }),
      accessLog: join(nginx.prefix, 'samples.log'),
    });
    return driver;
  };
  afterEach(async () => {
    await driver?.close();
    await nginx?.stop();
    driver = undefined;
    nginx = undefined;
  }, ROLLOUT_TIMEOUT_MS);

  it(
    'promotes a good v2 through nginx reloads with zero failed requests',
    async () => {
      const result = await runE2eRollout({
        environment,
        driver: await start(),
        stable: v1,
        candidate: v2,
        traffic: { keepAlive: false },
      });
      reportNumbers('nginx canary, good candidate', result);
      const { details } = result.outcome;
      expect(details.driver).toBe('nginx');
      expect(details.finalState, result.logger.lines.join('\n')).toBe('promoted');
      for (const step of details.steps.slice(0, 2))
        expect(['pass', 'marginal', 'inconclusive']).toContain(step.verdict);
      // The judge saw nginx's own samples, not an empty window.
      expect(details.steps[0]?.judge?.metrics[0]?.candidateN).toBeGreaterThan(20);
      const failures = result.exchanges.filter(failed);
      expect(failures.length, describeFailures(failures)).toBe(0);
      expect(result.exchanges.filter((e) => e.version === 'v2').length).toBeGreaterThan(100);
      const promoted = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > promoted!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v2']));
    },
    ROLLOUT_TIMEOUT_MS,
  );

  it(
    'rolls a v2 with 30 % errors back to v1 through nginx; only the candidate erred',
    async () => {
      const result = await runE2eRollout({
        environment,
        driver: await start(),
        stable: v1,
        candidate: broken,
        traffic: { keepAlive: false },
      });
      reportNumbers('nginx canary, bad candidate', result);
      const { details } = result.outcome;
      expect(details.finalState, result.logger.lines.join('\n')).toBe('rolled_back');
      expect(details.stopReason).toBe('analysis');
      const platformFailures = result.exchanges.filter((e) => failed(e) && !candidateFault(e));
      expect(platformFailures.length, describeFailures(platformFailures)).toBe(0);
      expect(result.exchanges.filter(candidateFault).length).toBeGreaterThan(0);
      const restored = lastRouteTo(result.events, 'stable');
      const after = result.exchanges.filter((e) => e.startMs > restored!.endedMs);
      expect(after.length).toBeGreaterThan(100);
      expect(new Set(after.map((e) => e.version))).toEqual(new Set(['v1']));
    },
    ROLLOUT_TIMEOUT_MS,
  );
});
