/**
 * Runs a bundled action entry (e.g. `dist/report/main.js`) as the GitHub runner does: a child
 * `node` process with inputs in INPUT_* variables, the runner's command files (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH) in a temp dir, an event payload
 * file, and the GITHUB_* context variables — then reads back what the action produced.
 *
 * The child gets the parent's environment minus every GITHUB_*, INPUT_*, STATE_*, RUNNER_* and
 * ACTIONS_* variable: when the tests themselves run inside GitHub Actions, an action under test
 * must not write into the real job's output files.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ActionEvent =
  | {
      name: 'pull_request' | 'pull_request_target';
      number?: number;
      headSha?: string;
      headRef?: string;
      baseRef?: string;
      /** `owner/repo` of the head; another repository makes it a fork PR. */
      headRepository?: string;
      /** Merged over the generated payload. */
      payload?: Record<string, unknown>;
    }
  | { name: 'push'; ref?: string; payload?: Record<string, unknown> }
  | {
      name: 'workflow_dispatch';
      inputs?: Record<string, string | boolean | number>;
      ref?: string;
      payload?: Record<string, unknown>;
    }
  | { name: string; payload: Record<string, unknown> };

export interface RunActionOptions {
  /** Path of the JavaScript entry to run with `node`. */
  script: string;
  /** Action inputs by their action.yml names, e.g. `{ 'github-token': 't', environment: 'production' }`. */
  inputs?: Record<string, string | number | boolean>;
  /** Default: a `push` to main. */
  event?: ActionEvent;
  /** `owner/repo` (default `octo-org/service`). */
  repository?: string;
  /** GITHUB_SHA; for pull requests the merge commit, as on GitHub. */
  sha?: string;
  /** GITHUB_API_URL, usually the fake GitHub's `url`. */
  apiUrl?: string;
  /** GITHUB_SERVER_URL (default https://github.com). */
  serverUrl?: string;
  runId?: number;
  runAttempt?: number;
  job?: string;
  workflow?: string;
  actor?: string;
  /** Saved state from the main step, given to a post step as STATE_<name>. */
  state?: Record<string, string>;
  /** Extra environment variables (win over everything else). */
  env?: Record<string, string>;
  /** GITHUB_WORKSPACE and the child's cwd (default process.cwd()). */
  cwd?: string;
  /** A directory to use as RUNNER_TEMP (kept); default a fresh temp dir. */
  runnerTemp?: string;
  /** Sets RUNNER_DEBUG=1 so core.debug lines are printed. */
  debug?: boolean;
  /** Killed after this long (default 60 s); `timedOut` is then true. */
  timeoutMs?: number;
  /** Arguments for node before the script, e.g. `['--import', 'tsx']` to run TypeScript. */
  nodeArgs?: string[];
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  /** Null when the process was killed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Parsed from GITHUB_OUTPUT (both `name=value` and `name<<delimiter` forms). */
  outputs: Record<string, string>;
  /** The markdown the step appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Parsed from GITHUB_STATE: what a post step will receive. */
  state: Record<string, string>;
  /** Parsed from GITHUB_ENV. */
  env: Record<string, string>;
  /** Lines added to GITHUB_PATH. */
  path: string[];
  /** Every `::command::` line on stdout, in order. */
  commands: WorkflowCommand[];
  warnings: WorkflowCommand[];
  errors: WorkflowCommand[];
  notices: WorkflowCommand[];
  /** Values registered with `::add-mask::`. */
  masked: string[];
  runnerTemp: string;
  eventPath: string;
  /** Removes RUNNER_TEMP unless the caller supplied it. */
  cleanup(): void;
}

const DEFAULT_SHA = '5f3c0a3e8d1b2c4f6a7b8c9d0e1f2a3b4c5d6e7f';
const SCRUBBED_PREFIXES = ['GITHUB_', 'INPUT_', 'STATE_', 'RUNNER_', 'ACTIONS_'];

/** The runner's naming: spaces become underscores, upper-cased, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Reads a runner command file: `name=value` lines and `name<<DELIMITER` heredocs (which
 * @actions/core writes for every value, so multi-line values survive).
 */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (!line) continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc && heredoc[1] && heredoc[2]) {
      const delimiter = heredoc[2];
      const value: string[] = [];
      i += 1;
      while (i < lines.length && lines[i] !== delimiter) {
        value.push(lines[i] ?? '');
        i += 1;
      }
      if (i >= lines.length) throw new Error(`unterminated value for "${heredoc[1]}" (no line "${delimiter}")`);
      out[heredoc[1]] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a command file line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}

/** Parses `::name key=value,key=value::message` lines (escaping as @actions/core does it). */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match?.[1]) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    commands.push({ command: match[1], properties, message: unescapeData(match[3] ?? '') });
  }
  return commands;
}

function eventPayload(
  event: ActionEvent,
  repository: string,
  sha: string,
): { payload: Record<string, unknown>; ref: string; extraEnv: Record<string, string> } {
  const [owner = '', name = ''] = repository.split('/');
  const repo = { full_name: repository, name, owner: { login: owner }, default_branch: 'main' };
  const sender = { login: 'octocat', type: 'User' };
  if (event.name === 'pull_request' || event.name === 'pull_request_target') {
    const e = event as Extract<ActionEvent, { name: 'pull_request' | 'pull_request_target' }>;
    const number = e.number ?? 1;
    const headRef = e.headRef ?? 'feature';
    const baseRef = e.baseRef ?? 'main';
    const headRepository = e.headRepository ?? repository;
    const payload = {
      action: 'synchronize',
      number,
      pull_request: {
        number,
        state: 'open',
        title: 'A change',
        html_url: `https://github.com/${repository}/pull/${number}`,
        head: {
          sha: e.headSha ?? sha,
          ref: headRef,
          repo: { full_name: headRepository, fork: headRepository !== repository },
        },
        base: { sha: DEFAULT_SHA, ref: baseRef, repo },
      },
      repository: repo,
      sender,
      ...e.payload,
    };
    return {
      payload,
      ref: `refs/pull/${number}/merge`,
      extraEnv: { GITHUB_HEAD_REF: headRef, GITHUB_BASE_REF: baseRef },
    };
  }
  if (event.name === 'push') {
    const e = event as Extract<ActionEvent, { name: 'push' }>;
    const ref = e.ref ?? 'refs/heads/main';
    return {
      payload: {
        ref,
        before: DEFAULT_SHA,
        after: sha,
        head_commit: { id: sha },
        repository: repo,
        sender,
        ...e.payload,
      },
      ref,
      extraEnv: {},
    };
  }
  if (event.name === 'workflow_dispatch') {
    const e = event as Extract<ActionEvent, { name: 'workflow_dispatch' }>;
    const ref = e.ref ?? 'refs/heads/main';
    return { payload: { inputs: e.inputs ?? {}, ref, repository: repo, sender, ...e.payload }, ref, extraEnv: {} };
  }
  return {
    payload: { repository: repo, sender, ...(event as { payload: Record<string, unknown> }).payload },
    ref: 'refs/heads/main',
    extraEnv: {},
  };
}

function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || SCRUBBED_PREFIXES.some((p) => key.toUpperCase().startsWith(p))) continue;
    env[key] = value;
  }
  return env;
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const repository = options.repository ?? 'octo-org/service';
  const sha = options.sha ?? DEFAULT_SHA;
  const event = options.event ?? { name: 'push' };
  const ownTemp = options.runnerTemp === undefined;
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'elder-runner-'));
  const commandsDir = join(runnerTemp, '_runner_file_commands');
  mkdirSync(commandsDir, { recursive: true });
  const file = (name: string) => {
    const path = join(commandsDir, name);
    writeFileSync(path, '');
    return path;
  };
  const files = {
    output: file('set_output'),
    summary: file('step_summary'),
    state: file('save_state'),
    env: file('set_env'),
    path: file('add_path'),
  };
  const { payload, ref, extraEnv } = eventPayload(event, repository, sha);
  const eventPath = join(runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload, null, 2));
  const serverUrl = options.serverUrl ?? 'https://github.com';
  const workspace = resolve(options.cwd ?? process.cwd());

  const env: Record<string, string> = {
    ...baseEnvironment(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge'),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: String(options.runId ?? 4242),
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
    GITHUB_JOB: options.job ?? 'elder',
    GITHUB_WORKFLOW: options.workflow ?? 'Elder',
    GITHUB_ACTION: '__run',
    GITHUB_ACTOR: options.actor ?? 'octocat',
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_API_URL: options.apiUrl ?? 'https://api.github.com',
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'https://api.github.com'}/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_RETENTION_DAYS: '90',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(runnerTemp, '_tool'),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'elder-harness',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = String(value);
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  Object.assign(env, options.env);

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), resolve(options.script)], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, sig) => done([code, sig]));
  }).finally(() => clearTimeout(timer));

  const read = (path: string) => readFileSync(path, 'utf8');
  const commands = parseWorkflowCommands(stdout);
  const ofKind = (kind: string) => commands.filter((c) => c.command === kind);
  return {
    exitCode,
    signal,
    timedOut,
    stdout,
    stderr,
    outputs: parseCommandFile(read(files.output)),
    summary: read(files.summary),
    state: parseCommandFile(read(files.state)),
    env: parseCommandFile(read(files.env)),
    path: read(files.path).split(/\r?\n/).filter(Boolean),
    commands,
    warnings: ofKind('warning'),
    errors: ofKind('error'),
    notices: ofKind('notice'),
    masked: ofKind('add-mask').map((c) => c.message),
    runnerTemp,
    eventPath,
    cleanup: () => {
      if (ownTemp) rmSync(runnerTemp, { recursive: true, force: true });
    },
  };
}
