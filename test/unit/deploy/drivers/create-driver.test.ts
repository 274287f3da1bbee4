import { describe, expect, it } from 'vitest';
import { parseConfig, resolveEnvironment } from '../../../../shared/config/index.js';
import { createMetricsSource, templateSyntax } from '../../../../actions/deploy/src/drivers/create-driver.js';
import { PromqlTemplate } from '../../../../actions/deploy/src/metrics/promql-template.js';

describe('Prometheus queries from elder.yml', () => {
  it('turns the configuration placeholders into the template syntax, keeping label braces', () => {
    const query = 'sum(increase(http_requests_total{version="{version}",role="{role}"}[{window}]))';
    expect(templateSyntax(query)).toBe(
      'sum(increase(http_requests_total{version="{{version}}",role="{{role}}"}[{{window}}]))',
    );
    expect(templateSyntax('x{version="{{version}}"}')).toBe('x{version="{{version}}"}');
    // The converted query is a valid template whose values are escaped where they land.
    const rendered = PromqlTemplate.parse(
      templateSyntax(query),
      'phases.deploy.analysis.prometheus.queries.requests',
    ).render({
      version: 'v2"} or vector(1',
      role: 'candidate',
      window: 60,
      range: 60,
    });
    expect(rendered).toContain('version="v2\\"} or vector(1"');
  });

  it('builds a Prometheus source from configured queries written with single braces', () => {
    const yaml = [
      'version: 1',
      'environments:',
      '  staging:',
      '    tier: staging',
      '    phases:',
      '      deploy:',
      '        analysis:',
      '          source: prometheus',
      '          prometheus:',
      '            url: http://127.0.0.1:9',
      '            queries:',
      '              requests: sum(increase(app_requests_total{version="{version}"}[{window}]))',
      '',
    ].join('\n');
    const env = resolveEnvironment(parseConfig(yaml, 'elder.yml').config, 'staging');
    const source = createMetricsSource(env.phases.deploy, {
      stable: { version: 'v1' },
      candidate: { version: 'v2' },
    });
    expect(source?.name).toBe('prometheus');
  });
});
