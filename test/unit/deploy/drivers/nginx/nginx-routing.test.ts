import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NginxDriver } from '../../../../../actions/deploy/src/drivers/nginx/nginx-driver.js';
import { load, startNginx, type RunningNginx, share, spec, TestLauncher } from './nginx-harness.js';

let nginx: RunningNginx;
let driver: NginxDriver;

beforeAll(async () => {
  nginx = await startNginx();
  driver = new NginxDriver({
    prefix: nginx.prefix,
    configFile: nginx.configFile,
    includeFile: nginx.includeFile,
    listen: { host: '127.0.0.1', port: nginx.port },
    launcher: new TestLauncher(),
    accessLog: join(nginx.prefix, 'samples.log'),
  });
  await driver.startRole('stable', spec('v1'), 1);
  await driver.startRole('candidate', spec('v2'), 1);
  await driver.setRoute({ weights: { stable: 100 } });
});

afterAll(async () => {
  await driver?.close();
  await nginx?.stop();
});

describe('NginxDriver routing with a real nginx and example services', () => {
  it('splits 2,000 requests by weight within tolerance', async () => {
    await driver.setRoute({ weights: { stable: 80, candidate: 20 } });
    await driver.takeSamples!();
    const answers = await load(nginx.port, 2_000, 32);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // Binomial sd at n=2000, p=0.2 is 0.9 %; 3 points is more than 3 sd.
    expect(Math.abs(share(answers, 'v2') - 0.2)).toBeLessThan(0.03);
    expect(answers.every((a) => a.role === (a.version === 'v2' ? 'candidate' : 'stable'))).toBe(true);

    // The access log sees exactly the requests each role served.
    const samples = await driver.takeSamples!();
    const served = answers.filter((a) => a.version === 'v2').length;
    expect(samples.candidate).toMatchObject({ granularity: 'request', requests: served, errors: 0 });
    expect(samples.stable).toMatchObject({ requests: 2_000 - served, errors: 0 });
    expect(samples.stable!.latenciesMs).toHaveLength(2_000 - served);
    expect(samples.stable!.latenciesMs.every((ms) => ms >= 0 && ms < 10_000)).toBe(true);
  });

  it('counts the errors of a faulty role in its samples', async () => {
    const servers = (await (await fetch(`${driver.entryUrl}/elder-route`)).json()) as {
      roles: { candidate: { servers: string[] } };
    };
    const admin = `http://${servers.roles.candidate.servers[0]}/admin/fault`;
    const set = (errorRate: number) =>
      fetch(admin, { method: 'POST', body: JSON.stringify({ errorRate, errorMode: 'exact' }) }).then((r) => r.text());
    await set(0.5);
    try {
      await driver.setRoute({ weights: { stable: 50, candidate: 50 } });
      await driver.takeSamples!();
      const answers = await load(nginx.port, 200, 16);
      const samples = await driver.takeSamples!();
      const failed = answers.filter((a) => a.status === 500).length;
      expect(failed).toBeGreaterThan(20);
      expect(samples.candidate!.errors).toBe(failed);
      expect(samples.stable!.errors).toBe(0);
    } finally {
      await set(0);
    }
  });

  it('routes a header match and a cookie match before weights', async () => {
    await driver.setRoute({
      weights: { stable: 100 },
      match: [
        { role: 'candidate', header: { name: 'X-Elder-Preview', value: 'candidate' } },
        { role: 'candidate', cookie: { name: 'variant', value: 'b' } },
      ],
    });
    const preview = await load(nginx.port, 50, 8, () => ({ 'x-elder-preview': 'candidate' }));
    const cookie = await load(nginx.port, 50, 8, () => ({ cookie: 'a=1; variant=b' }));
    const plain = await load(nginx.port, 50, 8, () => ({ 'x-elder-preview': 'stable', cookie: 'variant=a' }));
    expect(share(preview, 'v2')).toBe(1);
    expect(share(cookie, 'v2')).toBe(1);
    expect(share(plain, 'v1')).toBe(1);
  });

  it('keeps each user on one variant (sticky) and keeps candidate users when the share grows', async () => {
    await driver.setRoute({ weights: { stable: 70, candidate: 30 }, sticky: { header: 'x-user-id' } });
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const first = await load(nginx.port, 600, 32, (i) => ({ 'x-user-id': users[i % 200]! }));
    const byUser = new Map<string, Set<string>>();
    first.forEach((a, i) => {
      const set = byUser.get(users[i % 200]!) ?? new Set();
      set.add(a.version ?? 'none');
      byUser.set(users[i % 200]!, set);
    });
    expect([...byUser.values()].every((set) => set.size === 1)).toBe(true);
    const onCandidate = users.filter((u) => byUser.get(u)!.has('v2'));
    expect(onCandidate.length / users.length).toBeGreaterThan(0.2);
    expect(onCandidate.length / users.length).toBeLessThan(0.4);

    await driver.setRoute({ weights: { stable: 40, candidate: 60 }, sticky: { header: 'x-user-id' } });
    const later = await load(nginx.port, onCandidate.length, 16, (i) => ({ 'x-user-id': onCandidate[i]! }));
    expect(share(later, 'v2')).toBe(1);
    // Requests without the header are still split, not all sent to one side.
    const anonymous = await load(nginx.port, 400, 32);
    expect(share(anonymous, 'v2')).toBeGreaterThan(0.45);
    expect(share(anonymous, 'v2')).toBeLessThan(0.75);
  });
});
