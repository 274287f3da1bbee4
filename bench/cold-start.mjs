// Cold start: how much a process that loads the shared bundle (dist/index.js, every phase and the
// whole kernel) costs over a bare Node start. This is paid on every action step and CLI call.
// Peer: `node -e 0`, timed in the same interleaved rounds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMs, formatRatio, interleave, median, p90, timeProcess } from './lib/measure.mjs';

/** What the runner gives a JavaScript action: scratch files for its commands, and no inputs. */
function runnerEnvironment(dir) {
  const workspace = join(dir, 'workspace');
  const temp = join(dir, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  const file = (name, content = '') => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  return {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'report',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: file('event.json', '{}\n'),
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: file('output'),
    GITHUB_STATE: file('state'),
    GITHUB_ENV: file('env'),
    GITHUB_PATH: file('path'),
    GITHUB_STEP_SUMMARY: file('summary.md'),
    RUNNER_TEMP: temp,
  };
}

export async function coldStart({ root, runs = 20 }) {
  const node = process.execPath;
  const scratch = mkdtempSync(join(tmpdir(), 'elder-bench-'));
  try {
    const env = runnerEnvironment(scratch);
    const peer = { name: 'node -e 0', sample: () => timeProcess(node, ['-e', '0']) };
    const subjects = [
      {
        name: 'node dist/cli.js --version',
        sample: () => timeProcess(node, [join(root, 'dist', 'cli.js'), '--version']),
      },
      {
        name: 'node dist/report/main.js (no inputs)',
        // With no inputs the action fails cleanly (exit 1); that path still loads everything.
        sample: () =>
          timeProcess(node, [join(root, 'dist', 'report', 'main.js')], {
            env,
            cwd: env.GITHUB_WORKSPACE,
            okStatuses: [0, 1],
          }),
      },
    ];
    const samples = interleave([peer, ...subjects], { runs });
    const peerMedian = median(samples[peer.name]);
    const peerP90 = p90(samples[peer.name]);
    return subjects.map((subject) => {
      const values = samples[subject.name];
      return {
        bench: 'cold start',
        subject: subject.name,
        peer: peer.name,
        runs,
        median: median(values),
        p90: p90(values),
        peerMedian,
        peerP90,
        unit: 'ms',
        ratio: median(values) / peerMedian,
        table: [
          'cold start',
          subject.name,
          `median ${formatMs(median(values))}, p90 ${formatMs(p90(values))}`,
          peer.name,
          `median ${formatMs(peerMedian)}, p90 ${formatMs(peerP90)}`,
          `${formatRatio(median(values), peerMedian)} (p90 ${formatRatio(p90(values), peerP90)})`,
        ],
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
