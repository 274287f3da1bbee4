/**
 * A SARIF artifactLocation to a file path as the producer meant it (SARIF 2.1.0 sections 3.4 and
 * 3.14.14): `uri`, or the run's `artifacts[index].location`; a relative `uri` is resolved
 * against its `uriBaseId` through `run.originalUriBaseIds` (whose entries may chain to other
 * base ids); `file://` URIs become file system paths; percent-encoding is decoded
 * (`my%20file.ts`). The result is not yet repository-relative: normalizeReportPath does that
 * for every report format alike. A base id the run does not define (commonly `%SRCROOT%`) is
 * the checkout root by convention, so the relative path is kept as it is.
 */
import { posix } from 'node:path';
import { isRecord, optionalString } from '../detect/json-shape.js';

export interface SarifRunContext {
  originalUriBaseIds: Record<string, unknown>;
  artifacts: unknown[];
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** `C:/x` or `C:\x` is a Windows path, not a URI with scheme `c`. */
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
/** Base ids chain (`SRCROOT` -> `REPOROOT`); a cycle or absurd depth must not loop. */
const MAX_BASE_HOPS = 16;

export function sarifArtifactPath(artifactLocation: unknown, run: SarifRunContext): string | undefined {
  if (!isRecord(artifactLocation)) return undefined;
  let uri = optionalString(artifactLocation.uri);
  let baseId = optionalString(artifactLocation.uriBaseId);
  if (uri === undefined && typeof artifactLocation.index === 'number') {
    const artifact = run.artifacts[artifactLocation.index];
    const location = isRecord(artifact) && isRecord(artifact.location) ? artifact.location : undefined;
    uri = optionalString(location?.uri);
    baseId ??= optionalString(location?.uriBaseId);
  }
  if (uri === undefined) return undefined;
  return uriToPath(resolveAgainstBase(uri, baseId, run.originalUriBaseIds));
}

function resolveAgainstBase(uri: string, baseId: string | undefined, bases: Record<string, unknown>): string {
  let resolved = uri;
  let next = baseId;
  for (let hop = 0; next !== undefined && hop < MAX_BASE_HOPS && !isAbsoluteUri(resolved); hop++) {
    const base = bases[next];
    const baseUri = isRecord(base) ? optionalString(base.uri) : undefined;
    if (!isRecord(base) || baseUri === undefined) break;
    resolved = joinUri(baseUri, resolved);
    next = optionalString(base.uriBaseId);
  }
  return resolved;
}

function isAbsoluteUri(uri: string): boolean {
  return SCHEME.test(uri) && !WINDOWS_DRIVE.test(uri);
}

function joinUri(base: string, relative: string): string {
  const directory = base.endsWith('/') ? base : `${base}/`;
  if (isAbsoluteUri(directory)) {
    try {
      return new URL(relative, directory).href;
    } catch {
      return directory + relative;
    }
  }
  return posix.join(directory, relative);
}

/** `file:///home/x/a%20b.ts` -> `/home/x/a b.ts`; other schemes are kept as written. */
function uriToPath(uri: string): string {
  if (/^file:/i.test(uri)) {
    try {
      const url = new URL(uri);
      const path = decodePercent(url.pathname);
      if (url.hostname) return `//${url.hostname}${path}`; // UNC share
      return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path; // file:///C:/x -> C:/x
    } catch {
      return decodePercent(uri.replace(/^file:\/*/i, '/'));
    }
  }
  if (isAbsoluteUri(uri)) return uri;
  return decodePercent(uri.replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
}

/** Decodes valid %XX runs only; a stray `%` (e.g. `100%.ts`) is left alone. */
function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
