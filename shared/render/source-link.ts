/**
 * Links from a finding to the exact lines it is about, pinned to the commit that was
 * analysed (a branch link would drift as the branch moves). The server URL is configurable
 * for GitHub Enterprise Server (`GITHUB_SERVER_URL`).
 */
import type { Location } from '../result/phase-result.js';
import { codeSpan, safeLink, safeUrl, sanitizeText } from './escape.js';

export const DEFAULT_SERVER_URL = 'https://github.com';

export interface SourceContext {
  /** e.g. `https://github.com` or a GHES host; defaults to github.com. */
  serverUrl?: string;
  /** `owner/name`. */
  repository?: string;
  /** The analysed commit's full or abbreviated SHA. */
  commit?: string;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const COMMIT = /^[0-9a-fA-F]{7,64}$/;

/**
 * A repository-relative path with forward slashes and no leading `./` or `/`, sanitised
 * (a lone surrogate in a file name would otherwise make URL encoding throw).
 */
export function normalizePath(file: string): string {
  return sanitizeText(file)
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/** `file:line:column` as far as known, e.g. `src/app.ts:12:5` or `README.md`. */
export function locationLabel(location: Location): string {
  let label = normalizePath(location.file);
  if (location.line !== undefined) {
    label += `:${location.line}`;
    if (location.column !== undefined) label += `:${location.column}`;
  }
  return label;
}

/**
 * `<server>/<owner>/<repo>/blob/<sha>/<file>#L<line>[-L<end>]`, or undefined when the
 * repository or commit is unknown or does not look like one (so nothing untrusted can
 * steer the link elsewhere).
 */
export function blobUrl(context: SourceContext, location: Location): string | undefined {
  const { repository, commit } = context;
  if (repository === undefined || commit === undefined) return undefined;
  if (!REPOSITORY.test(repository) || !COMMIT.test(commit)) return undefined;
  const server = safeUrl(context.serverUrl ?? DEFAULT_SERVER_URL);
  if (server === undefined) return undefined;
  const path = normalizePath(location.file)
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map(encodeURIComponent)
    .join('/');
  if (path === '') return undefined;
  let url = `${server.replace(/\/+$/, '')}/${repository}/blob/${commit}/${path}`;
  if (location.line !== undefined && location.line >= 1) {
    url += `#L${Math.floor(location.line)}`;
    if (location.endLine !== undefined && location.endLine > location.line) url += `-L${Math.floor(location.endLine)}`;
  }
  return url;
}

/** The location as a link to the lines when possible, otherwise as a code span. */
export function locationMarkdown(context: SourceContext, location: Location): string {
  const label = locationLabel(location);
  const url = blobUrl(context, location);
  return url === undefined ? codeSpan(label, { maxLength: 300 }) : safeLink(label, url, { maxLength: 300 });
}
