// Builds a repository of generated workflows for the compliance-audit bench from the labelled
// corpus (test/corpus/compliance/workflows): each file is one corpus workflow with the jobs of
// other corpus workflows appended (job ids suffixed so they stay unique) until it reaches the
// average size asked for, so the files carry the corpus's mix of triggers, styles and findings.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Top-level keys of a block-style workflow, in order (comments and quoted keys excluded). */
function topLevelKeys(text) {
  return [...text.matchAll(/^([A-Za-z][\w-]*):/gm)].map((m) => m[1]);
}

/** Corpus workflows usable as hosts (jobs: is the last top-level key) and donors (plain jobs). */
export function loadCorpusWorkflows(corpusDir) {
  const hosts = [];
  const donors = [];
  for (const name of readdirSync(corpusDir).sort()) {
    if (!name.endsWith('.yml') || name.startsWith('hostile-')) continue;
    const text = readFileSync(join(corpusDir, name), 'utf8');
    if (text.startsWith('\uFEFF') || text.includes('\r') || text.startsWith('---')) continue;
    const keys = topLevelKeys(text);
    if (keys.at(-1) !== 'jobs') continue;
    hosts.push({ name, text: text.endsWith('\n') ? text : `${text}\n` });
    const jobs = text.slice(text.search(/^jobs:\s*\n/m)).replace(/^jobs:\s*\n/, '');
    if (!/\bneeds:|[&*][a-z]/.test(jobs)) donors.push({ name, jobs });
  }
  if (hosts.length === 0 || donors.length === 0) throw new Error(`no usable workflows in ${corpusDir}`);
  return { hosts, donors };
}

/** The jobs block of a donor with every job id (two-space indented key) suffixed. */
function renamedJobs(jobs, suffix) {
  return jobs.replace(/^ {2}([A-Za-z_][\w-]*):/gm, (_, id) => `  ${id}-${suffix}:`);
}

/**
 * Writes `count` workflows of about `averageBytes` each into `<dir>/.github/workflows`.
 * @returns {{ files: string[], sizes: number[], bytes: number }} sizes: bytes of each file
 */
export function generateWorkflowRepo(dir, count, corpusDir, averageBytes = 4194) {
  const { hosts, donors } = loadCorpusWorkflows(corpusDir);
  const workflows = join(dir, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  const files = [];
  const sizes = [];
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const host = hosts[i % hosts.length];
    let text = `# generated for the compliance-audit bench from ${host.name}\n${host.text}`;
    // Append whole donor job blocks while that brings the file closer to the average size.
    for (let k = 0; ; k += 1) {
      const donor = donors[(i * 7 + k * 13) % donors.length];
      let block = `  # jobs from ${donor.name}\n${renamedJobs(donor.jobs, `g${k}`)}`;
      if (!block.endsWith('\n')) block += '\n';
      if (Buffer.byteLength(text) + Buffer.byteLength(block) / 2 > averageBytes) break;
      text += block;
    }
    const name = `wf-${String(i + 1).padStart(4, '0')}.yml`;
    writeFileSync(join(workflows, name), text);
    files.push(`.github/workflows/${name}`);
    sizes.push(Buffer.byteLength(text));
    bytes += Buffer.byteLength(text);
  }
  return { files, sizes, bytes };
}
