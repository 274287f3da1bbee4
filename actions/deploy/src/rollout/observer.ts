/**
 * The analysis loop inside a step: every interval, collect samples, add them to the comparison's
 * cumulative window and ask the judge. One judge per comparison (pair of roles, or a role against
 * a frozen reference), kept across steps, so its always-valid sequential test sees every look.
 */
import type { Logger } from '../../../../shared/runtime/logger.js';
import { UserError } from '../../../../shared/runtime/errors.js';
import type { CanaryJudgeLike, JudgeVerdict } from '../analysis/judge-contract.js';
import type { TrafficDriver } from '../drivers/traffic-driver.js';
import type { MetricsSource, RoleSample } from '../metrics/role-sample.js';
import type { Role } from '../model/roles.js';
import type { ObserveRequest, ObserveResult } from '../strategies/strategy.js';
import type { Clock } from './clock.js';
import { emptySample, mergeSamples } from './sample-window.js';

export interface ObserverOptions {
  driver: TrafficDriver;
  source: 'proxy' | 'prometheus';
  metricsSource?: MetricsSource;
  createJudge(): CanaryJudgeLike;
  intervalMs: number;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  /** Called before every look: throws to stop (deadline, commands, cancellation). */
  checkpoint(): Promise<void>;
  onLook?(verdict: JudgeVerdict): void;
}

interface Comparison {
  key: string;
  judge: CanaryJudgeLike;
  startedMs: number;
  samples: Partial<Record<Role, RoleSample>>;
}

export class Observer {
  private readonly comparisons = new Map<string, Comparison>();
  private current?: Comparison;

  constructor(private readonly options: ObserverOptions) {}

  async observe(request: ObserveRequest): Promise<ObserveResult> {
    const { clock } = this.options;
    const frozen = typeof request.baseline === 'string' ? undefined : request.baseline;
    const baselineRole: Role = typeof request.baseline === 'string' ? request.baseline : 'stable';
    const key = frozen ? `${request.candidate}|frozen@${frozen.toMs}` : `${request.candidate}|${baselineRole}`;
    const start = clock.now();
    let comparison = this.comparisons.get(key);
    // Traffic seen before this observation belongs to the comparison only if it continues.
    const pending = await this.drain();
    if (!comparison) {
      comparison = { key, judge: this.options.createJudge(), startedMs: start, samples: {} };
      this.comparisons.set(key, comparison);
    } else if (this.current === comparison) {
      for (const sample of Object.values(pending)) this.add(comparison, sample);
    }
    this.current = comparison;

    let verdict: JudgeVerdict | undefined;
    const endMs = start + request.seconds * 1000;
    while (clock.now() < endMs) {
      await clock.sleep(Math.min(this.options.intervalMs, endMs - clock.now()), this.options.signal);
      await this.options.checkpoint();
      await this.collect(comparison, [baselineRole, request.candidate]);
      const now = clock.now();
      const baseline =
        frozen ?? comparison.samples[baselineRole] ?? emptySample(baselineRole, comparison.startedMs, now);
      const candidate =
        comparison.samples[request.candidate] ?? emptySample(request.candidate, comparison.startedMs, now);
      verdict = comparison.judge.look(baseline, candidate);
      this.options.onLook?.(verdict);
      this.options.logger.debug(
        `look ${verdict.look}: ${verdict.verdict} (baseline n=${baseline.requests}, candidate n=${candidate.requests}) ${verdict.summary}`,
      );
      // A failed look ends the step at once: every further second serves users a regression.
      if (verdict.verdict === 'fail') break;
    }
    const result: ObserveResult = { samples: { ...comparison.samples } };
    if (frozen) result.samples[baselineRole] = frozen;
    if (verdict) result.verdict = verdict;
    return result;
  }

  private add(comparison: Comparison, sample: RoleSample): void {
    comparison.samples[sample.role] = mergeSamples(comparison.samples[sample.role], sample);
  }

  private async drain(): Promise<Partial<Record<Role, RoleSample>>> {
    if (this.options.source === 'proxy' && this.options.driver.takeSamples) return this.options.driver.takeSamples();
    return {};
  }

  private async collect(comparison: Comparison, roles: Role[]): Promise<void> {
    const { driver, source, metricsSource } = this.options;
    if (source === 'proxy' && driver.takeSamples) {
      const drained = await driver.takeSamples();
      for (const sample of Object.values(drained)) this.add(comparison, sample);
      return;
    }
    if (!metricsSource) {
      throw new UserError(
        `the ${driver.name} driver cannot observe traffic and no Prometheus source is configured; set analysis.source: prometheus and analysis.prometheus.url`,
        'phases.deploy.analysis',
      );
    }
    // Prometheus answers for the whole window at once, so its samples replace ours.
    const collected = await metricsSource.collect(roles, comparison.startedMs, this.options.clock.now());
    for (const role of roles) {
      const sample = collected[role];
      if (sample) comparison.samples[role] = sample;
    }
  }
}
