/**
 * The deploy action's publishing policy, like publishPhase's: every GitHub write is best effort,
 * the verdict is not. Failures are collected per target and summed up in ONE warning at the end
 * (what failed, which permission to grant, where the verdict is instead). After a failure that
 * would only repeat (no permission, GitHub down, rate limited) that target, or everything, is
 * not tried again, so a read-only token costs one refused request per target, not one per step.
 */
import { errorMessage } from '../../../../shared/runtime/errors.js';
import type { Logger } from '../../../../shared/runtime/logger.js';
import {
  classifyPublishError,
  permissionToGrant,
  type PublishFailure,
} from '../../../../shared/github/publish-errors.js';

export type DeployTarget = 'deployment' | 'check run' | 'comment' | 'revert pull request' | 'deployment history';

const PERMISSION: Record<DeployTarget, string> = {
  deployment: 'deployments: write',
  'check run': 'checks: write',
  comment: 'pull-requests: write',
  'revert pull request': 'contents: write, pull-requests: write',
  'deployment history': 'deployments: read',
};

/** After these, every other request would fail the same way, slower. */
const STOP_ALL = new Set<PublishFailure['kind']>(['unavailable', 'rate-limited', 'unauthorized']);
/** After these, the same target would fail the same way. */
const STOP_TARGET = new Set<PublishFailure['kind']>(['forbidden', 'not-found']);

export class GitHubDegrade {
  private readonly failures: { target: DeployTarget; failure: PublishFailure }[] = [];
  private readonly stoppedTargets = new Set<DeployTarget>();
  private stoppedAll = false;
  private warned = false;

  constructor(
    private readonly logger: Logger,
    /** Where the verdict is regardless, named in the warning. */
    private readonly resultFile: string,
    /** False when no token was given: nothing is tried, one warning says so. */
    private readonly hasToken: boolean,
  ) {}

  /** Runs one write; undefined when it failed or was not tried. Never throws. */
  async attempt<T>(target: DeployTarget, run: () => Promise<T>): Promise<T | undefined> {
    if (!this.hasToken || this.stoppedAll || this.stoppedTargets.has(target)) return undefined;
    try {
      return await run();
    } catch (err) {
      const failure = classifyPublishError(err);
      this.logger.debug(
        `Publishing the ${target} failed: ${failure.kind} ${failure.status ?? ''} ${errorMessage(err)}`,
      );
      this.failures.push({ target, failure });
      if (STOP_ALL.has(failure.kind)) this.stoppedAll = true;
      if (STOP_TARGET.has(failure.kind)) this.stoppedTargets.add(target);
      return undefined;
    }
  }

  get degraded(): boolean {
    return !this.hasToken || this.failures.length > 0;
  }

  get failedTargets(): DeployTarget[] {
    return [...new Set(this.failures.map((f) => f.target))];
  }

  /** Logs the single warning, once, when anything could not be published. Returns it. */
  warnOnce(): string | undefined {
    if (this.warned || !this.degraded) return undefined;
    this.warned = true;
    const where = `the job summary and ${this.resultFile}`;
    if (!this.hasToken) {
      const warning = `Could not publish to GitHub (no GitHub token was given — pass a token with deployments: write, checks: write); the verdict is in ${where}.`;
      this.logger.warning(warning);
      return warning;
    }
    const reasons = [...new Set(this.failures.map((f) => `${f.target}: ${reasonFor(f.target, f.failure)}`))];
    const grants = [
      ...new Set(
        this.failures
          .filter((f) => f.failure.kind === 'forbidden')
          .map((f) => permissionToGrant(f.failure.acceptedPermissions, PERMISSION[f.target])),
      ),
    ];
    const fix = grants.length > 0 ? ` — add \`permissions: ${grants.join(', ')}\` to the job` : '';
    const warning = `Could not publish to GitHub (${reasons.join('; ')}${fix}); the verdict is in ${where}.`;
    this.logger.warning(warning);
    return warning;
  }
}

function reasonFor(target: DeployTarget, failure: PublishFailure): string {
  const status = failure.status ? `${failure.status} ` : '';
  switch (failure.kind) {
    case 'forbidden':
      return `token lacks ${permissionToGrant(failure.acceptedPermissions, PERMISSION[target])}`;
    case 'unauthorized':
      return `GitHub refused the token (${status}${failure.message})`;
    case 'not-found':
      return 'GitHub answered 404: the token cannot see the repository';
    case 'rate-limited':
      return 'GitHub rate limit outlasted our retries';
    case 'unavailable':
      return `GitHub API unavailable after retries (${status}${failure.message})`;
    case 'rejected':
      return `GitHub refused it (${status}${failure.message})`;
    case 'unexpected':
      return `failed (${failure.message})`;
  }
}
