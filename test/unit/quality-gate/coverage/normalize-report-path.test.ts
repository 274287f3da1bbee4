import { describe, expect, it } from 'vitest';
import {
  normalizeReportPath,
  type ReportPathContext,
} from '../../../../actions/quality-gate/src/paths/normalize-report-path.js';
import { RepoFileIndex } from '../../../../actions/quality-gate/src/paths/repo-file-index.js';
import { ReportPathNormalizer } from '../../../../actions/quality-gate/src/paths/report-path-normalizer.js';
import { workspaceRoot } from '../../../../actions/quality-gate/src/paths/workspace-root.js';

const repoFiles = new RepoFileIndex([
  'src/a.ts',
  'lib/src/a.ts',
  'src/Util/Strings.cs',
  'packages/web/src/index.ts',
  'packages/api/src/index.ts',
  'packages/shared/util.ts',
  'src/index.ts',
  'svc/src/main/java/com/acme/Foo.java',
  'svc/src/main/java/com/acme/Bar.java',
  'batch/src/main/java/com/acme/Bar.java',
  'app/pkg/mod.py',
  'docs/space name.md',
]);

function resolved(raw: string, context: Partial<ReportPathContext> = {}): string | undefined {
  const result = normalizeReportPath(raw, { workspace: '/home/runner/work/repo/repo', repoFiles, ...context });
  return result.ok ? result.path : `DROPPED:${result.reason}`;
}

describe('normalizeReportPath', () => {
  it('strips the workspace prefix, segment-wise', () => {
    expect(resolved('/home/runner/work/repo/repo/src/a.ts')).toBe('src/a.ts');
    expect(resolved('/home/runner/work/repo/repo/src/a.ts', { workspace: '/home/runner/work/repo/repo/' })).toBe('src/a.ts');
    // a sibling directory sharing the prefix is not the workspace
    expect(resolved('/home/runner/work/repo/repo2/src/a.ts', { repoFiles: undefined })).toBe('DROPPED:outside-workspace');
  });

  it('finds the longest repository tail of absolute paths from other machines', () => {
    const elsewhere = { workspace: '/srv/checkout' };
    expect(resolved('/home/runner/work/repo/repo/src/a.ts', elsewhere)).toBe('src/a.ts');
    expect(resolved('C:\\a\\repo\\repo\\src\\a.ts', elsewhere)).toBe('src/a.ts');
    expect(resolved('/builds/group/repo/src/a.ts', elsewhere)).toBe('src/a.ts');
    expect(resolved('/builds/group/repo/lib/src/a.ts', elsewhere)).toBe('lib/src/a.ts');
    expect(resolved('file:///C:/a/repo/repo/docs/space%20name.md', elsewhere)).toBe('docs/space name.md');
    // Windows paths compare case-insensitively when the exact spelling matches nothing
    expect(resolved('c:\\A\\REPO\\repo\\SRC\\util\\strings.cs', elsewhere)).toBe('src/Util/Strings.cs');
    expect(resolved('/opt/other/thing.ts', elsewhere)).toBe('DROPPED:not-in-repository');
  });

  it('matches a Windows workspace case-insensitively', () => {
    expect(resolved('d:\\A\\repo\\repo\\src\\a.ts', { workspace: 'D:\\a\\repo\\repo' })).toBe('src/a.ts');
  });

  it('joins Cobertura source roots with relative file names', () => {
    expect(resolved('pkg/mod.py', { workspace: '/w', sourceRoots: ['/builds/g/repo/app'] })).toBe('app/pkg/mod.py');
    expect(resolved('Util\\Strings.cs', { workspace: '/w', sourceRoots: ['D:\\a\\r\\r\\src\\'] })).toBe('src/Util/Strings.cs');
    expect(resolved('mod.py', { sourceRoots: ['.', 'app/pkg'] })).toBe('app/pkg/mod.py');
  });

  it('matches package paths by suffix, narrowed by where the report is', () => {
    expect(resolved('com/acme/Foo.java')).toBe('svc/src/main/java/com/acme/Foo.java');
    expect(resolved('com/acme/Bar.java')).toBe('DROPPED:ambiguous');
    expect(resolved('com/acme/Bar.java', { reportFile: 'batch/target/site/jacoco/jacoco.xml' })).toBe(
      'batch/src/main/java/com/acme/Bar.java',
    );
    expect(
      resolved('com/acme/Bar.java', { reportFile: '/home/runner/work/repo/repo/svc/build/reports/jacoco.xml' }),
    ).toBe('svc/src/main/java/com/acme/Bar.java');
  });

  it("resolves relative paths against the report's directory and its parents first", () => {
    const web = { reportFile: 'packages/web/coverage/lcov.info' };
    expect(resolved('src/index.ts', web)).toBe('packages/web/src/index.ts');
    expect(resolved('src/index.ts')).toBe('src/index.ts');
    expect(resolved('../shared/util.ts', web)).toBe('packages/shared/util.ts');
    expect(resolved('./src//a.ts')).toBe('src/a.ts');
  });

  it("drops paths that climb out of the repository, and never needs to read them", () => {
    expect(resolved('../../etc/passwd')).toBe('DROPPED:escapes-repository');
    expect(resolved('src/../../etc/passwd')).toBe('DROPPED:escapes-repository');
    expect(resolved('../../../../etc/passwd', { reportFile: 'packages/web/coverage/lcov.info' })).toBe(
      'DROPPED:escapes-repository',
    );
    expect(resolved('../../etc/passwd', { repoFiles: undefined })).toBe('DROPPED:escapes-repository');
    // an absolute path under the workspace that climbs out of it is outside it
    expect(resolved('/home/runner/work/repo/repo/../../../../etc/passwd', { repoFiles: undefined })).toBe(
      'DROPPED:outside-workspace',
    );
    expect(resolved('/etc/passwd')).toBe('DROPPED:not-in-repository');
  });

  it('drops NUL bytes and empty paths', () => {
    expect(resolved('src/a.ts\0.png')).toBe('DROPPED:nul-byte');
    expect(resolved('')).toBe('DROPPED:empty');
    expect(resolved('   ')).toBe('DROPPED:empty');
  });

  it('keeps relative paths lexically when there is no file list, and drops files outside the list when there is one', () => {
    expect(resolved('./src//x/../b.ts', { repoFiles: undefined })).toBe('src/b.ts');
    expect(resolved('/home/runner/work/repo/repo/node_modules/dep/index.js')).toBe('DROPPED:not-in-repository');
    expect(resolved('/home/runner/work/repo/repo/dist/gen.js', { repoFiles: undefined })).toBe('dist/gen.js');
  });
});

describe('ReportPathNormalizer', () => {
  it('reports every dropped path of a report in one warning naming it', () => {
    const paths = new ReportPathNormalizer('coverage/lcov.info', { workspace: '/w', repoFiles });
    expect(paths.normalize('/w/src/a.ts')).toBe('src/a.ts');
    for (const raw of ['../../etc/passwd', '../../etc/shadow', '../x', '../y', 'a\0b', '/usr/lib/x.js']) {
      expect(paths.normalize(raw)).toBeUndefined();
    }
    expect(paths.normalize('../../etc/passwd')).toBeUndefined(); // cached: counted once
    expect(paths.droppedCount).toBe(6);
    expect(paths.warnings()).toEqual([
      'coverage/lcov.info: 6 file paths dropped: ' +
        '4 climbing out of the repository with \'..\' ("../../etc/passwd", "../../etc/shadow", "../x", ...); ' +
        '1 containing a NUL byte ("a\\u0000b"); ' +
        '1 matching no repository file ("/usr/lib/x.js")',
    ]);
  });

  it('has no warning when nothing was dropped', () => {
    const paths = new ReportPathNormalizer('r', { workspace: '/w' });
    paths.normalize('src/a.ts');
    expect(paths.warnings()).toEqual([]);
  });
});

describe('workspaceRoot', () => {
  it('prefers the given root, then GITHUB_WORKSPACE, then the current directory', () => {
    expect(workspaceRoot('/given', { GITHUB_WORKSPACE: '/runner' })).toBe('/given');
    expect(workspaceRoot(undefined, { GITHUB_WORKSPACE: '/runner' })).toBe('/runner');
    expect(workspaceRoot(undefined, {})).toBe(process.cwd());
  });
});
