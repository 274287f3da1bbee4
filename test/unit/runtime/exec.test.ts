import { describe, expect, it } from 'vitest';
import { execFileSafe } from '../../../shared/runtime/exec.js';

describe('execFileSafe', () => {
  it('passes arguments as an array, never through a shell', async () => {
    const hostile = '$(touch /tmp/elder-pwned); `id`; echo hi | cat && rm -rf /';
    const run = await execFileSafe(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', hostile]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(hostile);
  });

  it('reports exit codes, stderr and stdin', async () => {
    const run = await execFileSafe(
      process.execPath,
      [
        '-e',
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{console.error(s.toUpperCase());process.exit(3)})',
      ],
      { input: 'from stdin' },
    );
    expect(run.exitCode).toBe(3);
    expect(run.stderr.trim()).toBe('FROM STDIN');
  });

  it('kills a process that outlives its timeout', async () => {
    const run = await execFileSafe(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 200 });
    expect(run.timedOut).toBe(true);
    expect(run.signal).toBe('SIGKILL');
    expect(run.durationMs).toBeLessThan(10_000);
  });

  it('caps the output it keeps and says so', async () => {
    const run = await execFileSafe(process.execPath, ['-e', 'process.stdout.write("x".repeat(1_000_000))'], {
      maxOutputBytes: 10_000,
    });
    expect(run.truncated).toBe(true);
    expect(run.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it('rejects when the program does not exist', async () => {
    await expect(execFileSafe('/nonexistent/elder-tool', [])).rejects.toThrow(/ENOENT/);
  });
});
