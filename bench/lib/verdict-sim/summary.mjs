// Turns merged cell statistics into per-rule summaries, the headline bench rows and the markdown
// matrix of bench/deploy-verdict.mjs.
import { formatRatio } from '../measure.mjs';

export const RULE_NAMES = ['ours', 'kayenta', 'flagger'];
const RULE_TITLES = { ours: 'ours (judge)', kayenta: 'Kayenta rule', flagger: 'Flagger defaults' };

const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
const num = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** Upper end of the 95 % Wilson interval of k successes in n: what 0 of 200 can still mean. */
export function wilsonUpper(k, n, z = 1.96) {
  if (n === 0) return Number.NaN;
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return (centre + spread) / (1 + (z * z) / n);
}
const mean = (xs) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Per rule and regime: detection over harmful cells, false rollbacks over unchanged/harmless ones. */
export function summarise(cells) {
  const out = {};
  for (const regime of [...new Set(cells.map((c) => c.regime))]) {
    out[regime] = {};
    const inRegime = cells.filter((c) => c.regime === regime);
    const harmful = inRegime.filter((c) => c.class === 'harmful');
    const harmless = inRegime.filter((c) => c.class === 'unchanged' || c.class === 'harmless');
    for (const rule of RULE_NAMES) {
      const r = (c) => c.rules[rule];
      const detections = harmful.map((c) => r(c).detections / r(c).runs);
      const falseRollbacks = harmless.map((c) => r(c).rollbacks / r(c).runs);
      const detected = harmful.reduce((a, c) => a + r(c).detections, 0);
      const unchanged = inRegime.find((c) => c.class === 'unchanged');
      out[regime][rule] = {
        detection: mean(detections),
        worstFalseRollback: Math.max(...falseRollbacks),
        worstFalseRollbackUpper: Math.max(...harmless.map((c) => wilsonUpper(r(c).rollbacks, r(c).runs))),
        meanFalseRollback: mean(falseRollbacks),
        meanDetectMinutes: harmful.reduce((a, c) => a + r(c).detectMinutesSum, 0) / detected,
        meanBadRequests: mean(harmful.map((c) => r(c).badRequestsSum / r(c).runs)),
        promoteMinutes: unchanged ? r(unchanged).promoteMinutesSum / r(unchanged).promotions : Number.NaN,
        earlyPassMinutes: unchanged ? r(unchanged).earlyPassMinutesSum / r(unchanged).earlyPassCount : Number.NaN,
      };
    }
  }
  return out;
}

/** Headline rows in the shared bench table format (HEADERS of bench/run.mjs). */
export function headlineRows(summary) {
  const rows = [];
  const figures = [
    ['detection, harmful changes', 'detection', pct, 'higher is better'],
    ['false rollbacks, worst harmless cell', 'worstFalseRollback', pct, 'lower is better'],
    ['time to detect (min)', 'meanDetectMinutes', (x) => num(x, 2), 'lower is better'],
    ['bad requests served, harmful changes', 'meanBadRequests', (x) => num(x, 0), 'lower is better'],
    ['time to promote unchanged (min)', 'promoteMinutes', (x) => num(x, 1), 'lower is better'],
  ];
  for (const [regime, rules] of Object.entries(summary)) {
    const ours = rules.ours;
    const okOurs = ours.worstFalseRollback <= 0.01;
    for (const [label, key, format] of figures) {
      for (const peer of ['kayenta', 'flagger']) {
        const theirs = rules[peer];
        const subject =
          key === 'detection'
            ? `ours ${label} @ ${regime} traffic (FRR ${pct(ours.worstFalseRollback)}${okOurs ? ' <= 1 %' : ' > 1 %!'})`
            : `ours ${label} @ ${regime} traffic`;
        const peerName = key === 'detection' ? `${peer} (FRR ${pct(theirs.worstFalseRollback)})` : peer;
        rows.push({
          bench: 'deploy-verdict',
          subject,
          value: ours[key],
          peer: peerName,
          peerValue: theirs[key],
          table: [
            'deploy-verdict',
            subject,
            format(ours[key]),
            peerName,
            format(theirs[key]),
            formatRatio(ours[key], theirs[key]),
          ],
        });
      }
    }
  }
  return rows;
}

function statesText(states) {
  return Object.entries(states)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

export function markdownReport({ cells, summary, seeds, seconds, describe }) {
  const lines = ['# Deploy verdict quality (issue 5)', '', ...describe, ''];
  lines.push(`Seeds per cell: ${seeds}. Wall time: ${seconds.toFixed(0)} s.`, '');
  lines.push('## Summary', '');
  lines.push(
    '| regime | rule | detection (harmful) | worst false rollback | its 95 % upper bound | mean false rollback | time to detect (min) | bad requests (harmful, mean) | time to promote unchanged (min) | ours: first `pass` (min) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [regime, rules] of Object.entries(summary)) {
    for (const rule of RULE_NAMES) {
      const s = rules[rule];
      lines.push(
        `| ${regime} | ${RULE_TITLES[rule]} | ${pct(s.detection)} | ${pct(s.worstFalseRollback)} | ${pct(s.worstFalseRollbackUpper)} | ${pct(s.meanFalseRollback)} | ${num(s.meanDetectMinutes, 2)} | ${num(s.meanBadRequests, 0)} | ${num(s.promoteMinutes)} | ${rule === 'ours' ? num(s.earlyPassMinutes, 2) : '-'} |`,
      );
    }
  }
  lines.push('', '## Full matrix', '');
  lines.push(
    '| regime | change | class | rule | rollback | before onset | detection | time to detect (min) | bad requests (mean) | promoted | promote at (min) | promoted with |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of cells) {
    for (const rule of RULE_NAMES) {
      const r = c.rules[rule];
      const detection = c.class === 'harmful' ? pct(r.detections / r.runs) : '-';
      lines.push(
        `| ${c.regime} | ${c.label} | ${c.class} | ${rule} | ${pct(r.rollbacks / r.runs)} | ${pct(r.rollbacksBeforeOnset / r.runs)} | ${detection} | ${num(r.detectMinutesSum / r.detections, 2)} | ${num(r.badRequestsSum / r.runs, 0)} | ${pct(r.promotions / r.runs)} | ${num(r.promoteMinutesSum / r.promotions)} | ${statesText(r.promotedStates)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
