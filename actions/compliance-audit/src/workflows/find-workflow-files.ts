/**
 * Lists the files the workflow checker examines: `.github/workflows/*.yml|yaml` (GitHub reads no
 * subdirectories there) and every `action.yml|yaml` in the tree outside `node_modules` and `.git`
 * (whether it is a composite action is decided after parsing). Directory symlinks are not
 * descended; file symlinks are returned and judged by readWorkflowFile.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/** Bounds the walk on huge monorepos; the audit reports it when reached. */
export const MAX_DIRECTORIES = 50_000;

export interface WorkflowFileList {
  /** Repository-relative paths with forward slashes, sorted. */
  workflows: string[];
  actions: string[];
  truncated: boolean;
}

export async function findWorkflowFiles(root: string): Promise<WorkflowFileList> {
  const workflows: string[] = [];
  try {
    for (const entry of await readdir(path.join(root, '.github', 'workflows'), { withFileTypes: true })) {
      if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/i.test(entry.name)) {
        workflows.push(`.github/workflows/${entry.name}`);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR')
      throw err;
  }
  const actions: string[] = [];
  const queue: string[] = [''];
  let visited = 0;
  let truncated = false;
  while (queue.length > 0) {
    if (++visited > MAX_DIRECTORIES) {
      truncated = true;
      break;
    }
    const relative = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) queue.push(child);
      } else if (
        (entry.isFile() || entry.isSymbolicLink()) &&
        (entry.name === 'action.yml' || entry.name === 'action.yaml')
      ) {
        actions.push(child);
      }
    }
  }
  return { workflows: workflows.sort(), actions: actions.sort(), truncated };
}
