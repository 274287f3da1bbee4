import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';

import { ROLES, type Role } from '../../model/roles.js';
import type { RoleSample } from '../../metrics/role-sample.js';

/**
 * Turns nginx's JSON access log (one line per request, written by the format the include file
 * declares) into per-role samples, reading only what was appended since the last call. nginx
 * writes `$request_time` in milliseconds resolution, so latencies are whole-ms precise.
 */
export class AccessLogSampler {
  private offset = 0;
  private remainder = '';
  private lastMs = Date.now();

  /** Starts at the current end of the log: requests logged before the driver existed do not count. */
  constructor(private readonly path: string) {
    try {
      this.offset = statSync(path).size;
    } catch {
      this.offset = 0;
    }
  }

  async take(): Promise<Partial<Record<Role, RoleSample>>> {
    const fromMs = this.lastMs;
    const toMs = Date.now();
    this.lastMs = toMs;
    const text = await this.readAppended();
    const lines = (this.remainder + text).split('\n');
    this.remainder = lines.pop() ?? '';
    const out: Partial<Record<Role, RoleSample>> = {};
    for (const line of lines) {
      let entry: { role?: unknown; status?: unknown; rt?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue; // a line from another writer or a truncated one: not a request we routed
      }
      const role = entry.role;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) continue;
      const sample = (out[role as Role] ??= {
        role: role as Role,
        granularity: 'request',
        latenciesMs: [],
        requests: 0,
        errors: 0,
        fromMs,
        toMs,
      });
      sample.requests += 1;
      const status = Number(entry.status);
      if (!(status > 0 && status < 500)) sample.errors += 1;
      const seconds = Number(entry.rt);
      if (Number.isFinite(seconds)) sample.latenciesMs.push(seconds * 1000);
    }
    return out;
  }

  private async readAppended(): Promise<string> {
    const handle = await open(this.path, 'r').catch(() => undefined);
    if (!handle) return '';
    try {
      const size = (await handle.stat()).size;
      // A rotated or truncated log starts again from the beginning.
      if (size < this.offset) {
        this.offset = 0;
        this.remainder = '';
      }
      const length = size - this.offset;
      if (length <= 0) return '';
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, this.offset);
      this.offset = size;
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  }
}
