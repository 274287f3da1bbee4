import { ROLES, type Role, type RouteTable } from '../../model/roles.js';
import { COOKIE_NAME, headerVariable } from './nginx-values.js';

/** What the include file describes; every string in it has passed nginx-values.ts already. */
export interface NginxRenderInput {
  /** Prefix of every upstream and variable name, so two drivers can share one nginx. */
  id: string;
  generation: number;
  listen: { host: string; port: number };
  roles: Partial<Record<Role, { version: string; servers: string[] }>>;
  route: RouteTable;
  /** Path answering the applied route and generation as JSON, loopback only. */
  statusPath: string;
  /** Response header naming the role that served a request (previews, tests). */
  roleHeader: string;
  /** JSON access log of proxied requests (role, status, time), read by takeSamples(). */
  accessLog?: string;
}

export const GENERATION_HEADER = 'x-elder-generation';
const MAP_KEYWORDS = new Set(['default', 'hostnames', 'include', 'volatile']);

/**
 * Renders the http-context include file. Weighted traffic uses `split_clients`, not upstream
 * `weight=`: `weight=` spreads requests over the servers of one upstream, so a role's share
 * would depend on how many instances each role has and on nginx's smooth round-robin state,
 * while `split_clients` hashes a key into exact percentage ranges (to 0.01 %) per role whatever
 * the instance counts, and keeps one upstream per role for header and cookie matches. The key is
 * `$request_id` (random per request) or, when sticky, the user's header or cookie value
 * (falling back to `$request_id` for requests without one). The candidate takes the lowest hash
 * range, so a sticky user who got the candidate at 5 % keeps it at 25 %.
 */
export function renderNginxInclude(input: NginxRenderInput): string {
  const { id, route } = input;
  const v = (name: string) => `$${id}_${name}`;
  const lines: string[] = [
    `# Written by Ancient Elder's nginx driver; do not edit, the next deploy step rewrites it.`,
    `# elder-generation: ${input.generation}`,
    '',
  ];
  for (const role of ROLES) {
    const r = input.roles[role];
    if (!r) continue;
    lines.push(`upstream ${id}_${role} {`);
    for (const server of r.servers) lines.push(`    server ${server} max_fails=1 fail_timeout=2s;`);
    lines.push('}', '');
  }

  let splitKey = '$request_id';
  if (route.sticky) {
    const source = route.sticky.header ? headerVariable(route.sticky.header) : cookieVariable(route.sticky.cookie!);
    lines.push(`map ${source} ${v('sticky_key')} {`, `    "" $request_id;`, `    default ${source};`, '}', '');
    splitKey = v('sticky_key');
  }
  // Candidate first: it owns the low end of the hash space (see above).
  const weighted = (['candidate', 'baseline', 'stable'] as const).filter((role) => (route.weights[role] ?? 0) > 0);
  lines.push(`split_clients "${splitKey.replace('$', '${')}}" ${v('split')} {`);
  weighted.forEach((role, i) => {
    const share = i === weighted.length - 1 ? '*' : `${route.weights[role]}%`;
    lines.push(`    ${share} ${role};`);
  });
  lines.push('}', '');

  // Match rules in order: each map yields the rule's role or falls through to the next one.
  const rules = route.match ?? [];
  let fallThrough = v('split');
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    const source = rule.header ? headerVariable(rule.header.name) : cookieVariable(rule.cookie!.name);
    const value = (rule.header ?? rule.cookie)!.value;
    const key = MAP_KEYWORDS.has(value.toLowerCase()) ? `\\${value}` : value;
    const target = i === 0 ? v('role') : v(`after_${i - 1}`);
    lines.push(`map ${source} ${target} {`, `    "${key}" ${rule.role};`, `    default ${fallThrough};`, '}', '');
    fallThrough = target;
  }
  if (rules.length === 0) lines.push(`map ${v('split')} ${v('role')} {`, `    default ${v('split')};`, '}', '');

  const status = JSON.stringify({
    generation: input.generation,
    route,
    roles: input.roles,
  });
  const { host, port } = input.listen;
  if (input.accessLog) {
    lines.push(
      `log_format ${id}_samples escape=json '{"role":"${v('role')}","status":"$status","rt":"$request_time"}';`,
      '',
    );
  }
  lines.push(
    'server {',
    `    listen ${host}:${port};`,
    `    location = ${input.statusPath} {`,
    '        allow 127.0.0.0/8;',
    '        allow ::1;',
    '        deny all;',
    '        default_type application/json;',
    `        add_header ${GENERATION_HEADER} ${input.generation} always;`,
    `        return 200 '${status}\\n';`,
    '    }',
    '    location / {',
    ...(input.accessLog ? [`        access_log ${input.accessLog} ${id}_samples;`] : []),
    `        proxy_pass http://${id}_${v('role')};`,
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '        proxy_next_upstream error timeout;',
    `        add_header ${input.roleHeader} ${v('role')} always;`,
    `        add_header ${GENERATION_HEADER} ${input.generation} always;`,
    '    }',
    '}',
    '',
  );
  return lines.join('\n');
}

function cookieVariable(name: string): string {
  if (!COOKIE_NAME.test(name)) throw new Error(`unchecked cookie name ${JSON.stringify(name)}`);
  return `$cookie_${name}`;
}

/** Reads the generation back from a rendered file, so a new driver continues the numbering. */
export function generationOf(text: string): number {
  const match = /^# elder-generation: (\d+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}
