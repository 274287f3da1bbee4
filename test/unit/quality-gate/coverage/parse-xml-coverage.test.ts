// Cobertura, JaCoCo and Clover on hand-made documents and fixtures (real c8/nyc output is in
// producer-totals.test.ts), and the hostile inputs every XML report must survive.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CoverageStore } from '../../../../actions/quality-gate/src/coverage/coverage-store.js';
import { addCoverageReport } from '../../../../actions/quality-gate/src/coverage/add-coverage-report.js';
import { parseClover, parseCloverFile } from '../../../../actions/quality-gate/src/coverage/parse-clover.js';
import { parseCobertura } from '../../../../actions/quality-gate/src/coverage/parse-cobertura.js';
import { parseJacoco, parseJacocoFile } from '../../../../actions/quality-gate/src/coverage/parse-jacoco.js';
import type { FileCoverageRecord } from '../../../../actions/quality-gate/src/model.js';
import { RepoFileIndex } from '../../../../actions/quality-gate/src/paths/repo-file-index.js';
import { UserError } from '../../../../shared/runtime/errors.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/coverage');

type Parser = typeof parseCobertura;

async function parseText(parser: Parser, xml: string | Buffer, name = 'report.xml') {
  const records: FileCoverageRecord[] = [];
  const roots: string[][] = [];
  const summary = await parser({ chunks: [xml] }, (r) => records.push(r), {
    name,
    onSourceRoots: (r) => roots.push(r),
  });
  return { records, summary, roots };
}

async function failure(parser: Parser, xml: string | Buffer, name = 'report.xml'): Promise<UserError> {
  const error = await parseText(parser, xml, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('Cobertura', () => {
  const coverlet = `<?xml version="1.0" encoding="utf-8"?>
<coverage line-rate="0.75" branch-rate="0.5" version="1.9" timestamp="1700000000" lines-covered="5" lines-valid="7" branches-covered="2" branches-valid="4">
  <sources>
    <source>D:\\a\\shop\\shop\\src\\</source>
  </sources>
  <packages>
    <package name="Shop" line-rate="0.75" branch-rate="0.5" complexity="4">
      <classes>
        <class name="Shop.Cart" filename="Shop\\Cart.cs" line-rate="0.8" branch-rate="0.5" complexity="3">
          <methods>
            <method name="Add" signature="(Shop.Item)" line-rate="1" branch-rate="0.5" complexity="2">
              <lines>
                <line number="12" hits="5" branch="false" />
                <line number="13" hits="5" branch="true" condition-coverage="50% (1/2)">
                  <conditions><condition number="0" type="jump" coverage="50%" /></conditions>
                </line>
              </lines>
            </method>
          </methods>
          <lines>
            <line number="12" hits="5" branch="false" />
            <line number="13" hits="5" branch="true" condition-coverage="50% (1/2)">
              <conditions><condition number="0" type="jump" coverage="50%" /></conditions>
            </line>
            <line number="14" hits="0" branch="false" />
            <line number="20" hits="2" branch="false" />
          </lines>
        </class>
        <class name="Shop.Cart/&lt;&gt;c__DisplayClass2_0" filename="Shop\\Cart.cs" line-rate="0.5" branch-rate="0.5" complexity="1">
          <methods />
          <lines>
            <line number="13" hits="7" branch="false" />
            <line number="30" hits="0" branch="true" condition-coverage="50% (1/2)" />
            <line number="31" hits="1" branch="false" />
          </lines>
        </class>
      </classes>
    </package>
    <package name="Shop.Util" line-rate="1" branch-rate="1" complexity="1">
      <classes>
        <class name="Shop.Util.Strings" filename="Util\\Strings.cs" line-rate="1" branch-rate="1" complexity="1">
          <methods>
            <method name="Pad" signature="(System.String)" line-rate="1" branch-rate="1" complexity="1">
              <lines><line number="5" hits="3" branch="false" /></lines>
            </method>
          </methods>
          <lines />
        </class>
      </classes>
    </package>
  </packages>
</coverage>`;

  it('merges classes of one file, counts class lines only, and falls back to method lines', async () => {
    const { records, summary, roots } = await parseText(parseCobertura, coverlet);
    expect(roots).toEqual([['D:\\a\\shop\\shop\\src\\']]);
    expect(summary.sourceRoots).toEqual(['D:\\a\\shop\\shop\\src\\']);
    expect(records.map((r) => r.path)).toEqual(['Shop\\Cart.cs', 'Util\\Strings.cs']);
    const [cart, strings] = records as [FileCoverageRecord, FileCoverageRecord];
    expect(cart.lines).toEqual([
      { line: 12, hits: 5 },
      { line: 13, hits: 7 }, // the same line in two classes: the larger count
      { line: 14, hits: 0 },
      { line: 20, hits: 2 },
      { line: 30, hits: 0 },
      { line: 31, hits: 1 },
    ]);
    expect(cart.branches).toEqual([
      { line: 13, covered: 1, total: 2 },
      { line: 30, covered: 1, total: 2 },
    ]);
    expect(cart.functions).toEqual([{ name: 'Add', line: 12, hits: 5 }]);
    expect(strings.lines).toEqual([{ line: 5, hits: 3 }]);
    expect(summary.producerTotals).toEqual({ linesFound: 7, linesHit: 5, branchesFound: 4, branchesHit: 2 });
  });

  it('joins the declared source root with relative filenames when merged into a store', async () => {
    const store = new CoverageStore();
    const repoFiles = new RepoFileIndex(['src/Shop/Cart.cs', 'src/Util/Strings.cs', 'README.md']);
    const dir = mkdtempSync(join(tmpdir(), 'elder-cobertura-'));
    const path = join(dir, 'coverage.cobertura.xml');
    writeFileSync(path, coverlet);
    try {
      const added = await addCoverageReport(store, { path, format: 'cobertura' }, { workspace: '/w', repoFiles });
      expect(store.paths()).toEqual(['src/Shop/Cart.cs', 'src/Util/Strings.cs']);
      expect(added.warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the SYSTEM doctype Istanbul writes without fetching it', async () => {
    const { summary } = await parseText(
      parseCobertura,
      '<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage lines-valid="0" lines-covered="0"><sources/><packages/></coverage>',
    );
    expect(summary.files).toBe(0);
    expect(summary.warnings).toEqual(['report.xml: has no classes with a filename: no coverage data']);
  });

  it('warns about lines it cannot read and negative hits, naming the file', async () => {
    const { records, summary } = await parseText(
      parseCobertura,
      '<coverage><packages><package><classes><class filename="a.py"><lines><line number="x" hits="1"/><line number="2" hits="-3"/><line number="3" hits="1"/></lines></class><class name="NoFile"/></classes></package></packages></coverage>',
      'py/coverage.xml',
    );
    expect(records[0]?.lines).toEqual([
      { line: 2, hits: 0 },
      { line: 3, hits: 1 },
    ]);
    expect(summary.warnings).toEqual([
      'py/coverage.xml: line with number="x" hits="1" in a.py ignored',
      'py/coverage.xml: negative hits on line 2 of a.py counted as 0',
      'py/coverage.xml: class "NoFile" has no filename; skipped',
    ]);
  });

  it('refuses a Clover or JUnit document given as Cobertura, at the offending tag', async () => {
    const clover = await failure(parseCobertura, '<coverage clover="3.2.0">\n  <project name="x"/>\n</coverage>', 'c.xml');
    expect(clover.message).toMatch(/^c\.xml:2:\d+: is a Clover report/);
    const junit = await failure(parseCobertura, '<testsuites><testsuite name="a"/></testsuites>', 'j.xml');
    expect(junit.message).toMatch(/j\.xml:1:1: is not a Cobertura report: the root element is <testsuites>/);
  });
});

describe('JaCoCo', () => {
  const jacocoFixture = `${fixtures}/jacoco/jacoco.xml`;

  it("reads the fixture with JaCoCo's PUBLIC doctype; our totals equal its report counters", async () => {
    const store = new CoverageStore();
    const records: FileCoverageRecord[] = [];
    const summary = await parseJacocoFile(jacocoFixture, (r) => {
      records.push(r);
      store.add(r.path, r);
    });
    expect(records.map((r) => r.path)).toEqual(['com/acme/shop/Cart.java', 'com/acme/util/Strings.java']);
    expect(summary.sourceRoots).toEqual(['com/acme/shop', 'com/acme/util']);
    const totals = store.totals();
    expect(summary.producerTotals).toEqual({
      linesFound: totals.linesFound,
      linesHit: totals.linesHit,
      branchesFound: totals.branchesFound,
      branchesHit: totals.branchesHit,
      functionsFound: totals.functionsFound,
      functionsHit: totals.functionsHit,
    });
    expect(summary.producerTotals).toEqual({
      linesFound: 19,
      linesHit: 14,
      branchesFound: 10,
      branchesHit: 4,
      functionsFound: 8,
      functionsHit: 5,
    });
    const cart = records[0] as FileCoverageRecord;
    expect(cart.lines.find((l) => l.line === 13)).toEqual({ line: 13, hits: 0 });
    expect(cart.branches).toEqual([
      { line: 12, covered: 1, total: 2 },
      { line: 21, covered: 2, total: 2 },
      { line: 30, covered: 0, total: 2 },
    ]);
    expect(cart.functions?.map((f) => f.name)).toEqual(['Cart.<init>', 'Cart.add', 'Cart.total', 'Cart.isEmpty', 'Cart$Item.<init>']);
    // per file, as JaCoCo counts it
    expect(store.fileTotals('com/acme/shop/Cart.java')).toMatchObject({ linesFound: 14, linesHit: 12 });
  });

  it('reads the single-line form JaCoCo actually writes', async () => {
    const oneLine = readFileSync(jacocoFixture, 'utf8').replace(/>\s+</g, '><');
    const { summary } = await parseText(parseJacoco, oneLine);
    expect(summary.files).toBe(2);
    expect(summary.producerTotals?.linesFound).toBe(19);
  });

  it('maps package paths to the module that wrote the report', async () => {
    const repoFiles = new RepoFileIndex([
      'shop/src/main/java/com/acme/shop/Cart.java',
      'shop/src/main/java/com/acme/util/Strings.java',
      'legacy/src/main/java/com/acme/util/Strings.java',
    ]);
    const workspace = mkdtempSync(join(tmpdir(), 'elder-jacoco-'));
    try {
      mkdirSync(`${workspace}/shop/target/site/jacoco`, { recursive: true });
      copyFileSync(jacocoFixture, `${workspace}/shop/target/site/jacoco/jacoco.xml`);
      const store = new CoverageStore();
      const added = await addCoverageReport(
        store,
        { path: `${workspace}/shop/target/site/jacoco/jacoco.xml`, format: 'jacoco' },
        { workspace, repoFiles },
      );
      expect(store.paths()).toEqual(['shop/src/main/java/com/acme/shop/Cart.java', 'shop/src/main/java/com/acme/util/Strings.java']);
      expect(added.warnings).toEqual([]);

      // The same report at the root cannot tell the two Strings.java apart: dropped, and said.
      copyFileSync(jacocoFixture, `${workspace}/jacoco.xml`);
      const rootStore = new CoverageStore();
      const fromRoot = await addCoverageReport(rootStore, { path: `${workspace}/jacoco.xml`, format: 'jacoco' }, {
        workspace,
        repoFiles,
        name: 'jacoco.xml',
      });
      expect(rootStore.paths()).toEqual(['shop/src/main/java/com/acme/shop/Cart.java']);
      expect(fromRoot.warnings).toEqual([
        'jacoco.xml: 1 file path dropped: 1 matching several repository files ("com/acme/util/Strings.java")',
      ]);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('refuses a DOCTYPE with an internal subset (entity expansion, external entities)', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE report [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><report name="&b;"/>';
    expect((await failure(parseJacoco, laughs, 'laughs.xml')).message).toMatch(/^laughs\.xml:1:\d+: DOCTYPE with an internal subset refused/);
    const xxe = '<?xml version="1.0"?><!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]><report name="&x;"/>';
    expect((await failure(parseJacoco, xxe, 'xxe.xml')).message).toMatch(/internal subset refused/);
  });
});

describe('Clover', () => {
  it('reads OpenClover: stmt and cond lines, methods as functions, two outcomes per condition, tests skipped', async () => {
    const store = new CoverageStore();
    const records: FileCoverageRecord[] = [];
    const summary = await parseCloverFile(`${fixtures}/clover/openclover.xml`, (r) => {
      records.push(r);
      store.add(r.path, r);
    });
    expect(records.map((r) => r.path)).toEqual([
      '/var/lib/jenkins/workspace/shop/src/main/java/com/acme/shop/Cart.java',
      'C:\\jenkins\\workspace\\shop\\src\\main\\java\\com\\acme\\util\\Strings.java',
    ]);
    const totals = store.totals();
    // The producer's statements are not lines here (line 14 holds two): no line totals claimed.
    expect(summary.producerTotals).toEqual({
      statementsFound: 11,
      statementsHit: 9,
      branchesFound: totals.branchesFound,
      branchesHit: totals.branchesHit,
      functionsFound: totals.functionsFound,
      functionsHit: totals.functionsHit,
    });
    expect([totals.branchesFound, totals.branchesHit, totals.functionsFound, totals.functionsHit]).toEqual([6, 3, 5, 3]);
    expect([totals.linesFound, totals.linesHit]).toEqual([12, 10]);
    expect(records[0]?.branches).toEqual([
      { line: 13, covered: 2, total: 2 },
      { line: 31, covered: 0, total: 2 },
    ]);
    expect(records[0]?.lines.find((l) => l.line === 13)).toEqual({ line: 13, hits: 5 });
  });

  it('refuses a Cobertura document given as Clover', async () => {
    const error = await failure(parseClover, '<coverage><sources/></coverage>', 'x.xml');
    expect(error.message).toMatch(/x\.xml:1:\d+: is a Cobertura report/);
  });
});

describe.each([
  ['Cobertura', parseCobertura],
  ['JaCoCo', parseJacoco],
  ['Clover', parseClover],
] as [string, Parser][])('%s: hostile input', (name, parser) => {
  it('an empty file is an error naming it', async () => {
    expect((await failure(parser, '', 'empty.xml')).message).toMatch(/^empty\.xml:1:1: empty file/);
  });

  it('binary junk is an error naming it', async () => {
    const junk = Buffer.from([0x3c, 0x00, 0xff, 0x13, 0x80, 0x00, 0x01]);
    expect((await failure(parser, junk, 'junk.xml')).message).toMatch(/^junk\.xml:1:\d+: /);
  });

  it('a truncated document is an error at its end', async () => {
    const error = await failure(parser, '<?xml version="1.0"?>\n<coverage>\n<packages>\n<package name="a">', 'cut.xml');
    expect(error.where).toMatch(/^cut\.xml:\d+:\d+$/);
  });

  it('LCOV given as XML is an error', async () => {
    expect((await failure(parser, 'TN:\nSF:a.js\nend_of_record\n', 'lcov.info')).where).toMatch(/^lcov\.info:1:1$/);
  });

  it('UTF-16 with a BOM and CRLF line ends are read', async () => {
    const documents: Record<string, string> = {
      Cobertura: '<coverage lines-valid="1">\r\n<packages><package><classes><class filename="a.py"><lines><line number="1" hits="2"/></lines></class></classes></package></packages></coverage>\r\n',
      JaCoCo: '<report name="r">\r\n<package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="2" mb="0" cb="0"/></sourcefile></package></report>\r\n',
      Clover: '<coverage>\r\n<project><file path="a.php"><line num="1" count="2" type="stmt"/></file></project></coverage>\r\n',
    };
    const xml = documents[name] as string;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${xml}`, 'utf16le')]);
    const { records } = await parseText(parser, utf16);
    expect(records[0]?.lines).toEqual([{ line: 1, hits: jacocoHits(name) }]);
  });
});

/** JaCoCo records no execution counts: a covered line has 1 hit. */
function jacocoHits(name: string): number {
  return name === 'JaCoCo' ? 1 : 2;
}
