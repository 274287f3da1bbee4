/**
 * Dependabot, code scanning and secret scanning alerts, newest first, with the answers GitHub
 * gives when the feature is off: 403 "Dependabot alerts are disabled for this repository.",
 * 404 "no analysis found" (no code scanning analysis yet), 404 "Secret scanning is disabled on
 * this repository.". Dependabot alerts page by cursor (`after`), the others by page number.
 */
import { errorResponse } from '../github-errors.js';
import { json, type HandlerContext, type HandlerResult, type HandlerTable } from '../handler-context.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, paginate } from '../pagination.js';
import { codeScanningAlertJson, dependabotAlertJson, secretScanningAlertJson } from '../settings-resources.js';

function listFilter(ctx: HandlerContext, name: string): string[] | null {
  const raw = ctx.query.get(name);
  return raw === null ? null : raw.split(',').map((v) => v.trim());
}

function newestFirst<T extends { number: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.number - a.number);
}

function encodeCursor(number: number): string {
  return Buffer.from(`alert:${number}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^alert:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : undefined;
}

function listDependabotAlerts(ctx: HandlerContext): HandlerResult {
  if (!ctx.state.settings.featuresOf(ctx.repo).dependabotAlerts) {
    return errorResponse(403, 'Dependabot alerts are disabled for this repository.');
  }
  const states = listFilter(ctx, 'state');
  const severities = listFilter(ctx, 'severity');
  let alerts = newestFirst(ctx.state.settings.dependabotAlerts.of(ctx.repo)).filter(
    (a) => (!states || states.includes(a.state)) && (!severities || severities.includes(a.severity)),
  );
  const after = ctx.query.get('after');
  if (after) {
    const last = decodeCursor(after);
    if (last === undefined) return errorResponse(400, 'Invalid cursor');
    alerts = alerts.filter((a) => a.number < last);
  }
  const perPage = Math.min(Number(ctx.query.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = alerts.slice(0, perPage);
  const lastOnPage = page[page.length - 1];
  let link: string | undefined;
  if (alerts.length > perPage && lastOnPage) {
    const params = new URLSearchParams(ctx.query);
    params.set('per_page', String(perPage));
    params.set('after', encodeCursor(lastOnPage.number));
    link = `<${ctx.selfUrl}?${params.toString()}>; rel="next"`;
  }
  return json(200, ctx.conform(page.map((a) => dependabotAlertJson(ctx.urls, a))), link ? { link } : undefined);
}

function listCodeScanningAlerts(ctx: HandlerContext): HandlerResult {
  if (!ctx.state.settings.featuresOf(ctx.repo).codeScanning) return errorResponse(404, 'no analysis found');
  const state = ctx.query.get('state');
  const severity = ctx.query.get('severity');
  const alerts = newestFirst(ctx.state.settings.codeScanningAlerts.of(ctx.repo)).filter(
    (a) =>
      (!state || a.state === state || (state === 'closed' && a.state !== 'open')) &&
      (!severity || a.securitySeverity === severity || a.severity === severity),
  );
  const page = paginate(alerts, ctx.query, ctx.selfUrl);
  return json(
    200,
    ctx.conform(page.items.map((a) => codeScanningAlertJson(ctx.urls, a))),
    page.link ? { link: page.link } : undefined,
  );
}

function listSecretScanningAlerts(ctx: HandlerContext): HandlerResult {
  const repository = ctx.state.repository(ctx.repo);
  if (repository.securityAndAnalysis.secret_scanning?.status !== 'enabled') {
    return errorResponse(404, 'Secret scanning is disabled on this repository.');
  }
  const state = ctx.query.get('state');
  const hideSecret = ctx.query.get('hide_secret') === 'true';
  const alerts = newestFirst(ctx.state.settings.secretScanningAlerts.of(ctx.repo)).filter(
    (a) => !state || a.state === state,
  );
  const page = paginate(alerts, ctx.query, ctx.selfUrl);
  return json(
    200,
    ctx.conform(page.items.map((a) => secretScanningAlertJson(ctx.urls, a, hideSecret))),
    page.link ? { link: page.link } : undefined,
  );
}

export const securityAlertHandlers: HandlerTable = {
  'GET /repos/{owner}/{repo}/dependabot/alerts': listDependabotAlerts,
  'GET /repos/{owner}/{repo}/code-scanning/alerts': listCodeScanningAlerts,
  'GET /repos/{owner}/{repo}/secret-scanning/alerts': listSecretScanningAlerts,
};
