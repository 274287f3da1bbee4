/**
 * The repository's file list (e.g. `git ls-files`), indexed for the two suffix questions path
 * normalisation asks:
 *  - "which repository file is the longest tail of this foreign absolute path?"
 *    (`/home/runner/work/r/r/src/a.ts` -> `src/a.ts`), and
 *  - "which repository files end with this short path?" (JaCoCo's `com/acme/A.java` ->
 *    `svc/src/main/java/com/acme/A.java`).
 * Lookups are by whole segments, so `b.ts` never matches `ab.ts`.
 */
export class RepoFileIndex {
  private readonly files: Set<string>;
  private readonly byBasename = new Map<string, string[]>();
  /** Built on first use: only Windows-made reports need case-insensitive lookups. */
  private foldedFiles?: Map<string, string[]>;
  private foldedByBasename?: Map<string, string[]>;

  constructor(files: Iterable<string>) {
    this.files = new Set();
    for (const raw of files) {
      const file = raw.replace(/\\/g, '/').replace(/^\.\//, '');
      if (file === '' || this.files.has(file)) continue;
      this.files.add(file);
      const name = basename(file);
      const list = this.byBasename.get(name);
      if (list) list.push(file);
      else this.byBasename.set(name, [file]);
    }
  }

  get size(): number {
    return this.files.size;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The repository's spelling of `path` compared case-insensitively, when exactly one file matches. */
  findIgnoringCase(path: string): string | undefined {
    if (this.files.has(path)) return path;
    const matches = this.folded().get(path.toLowerCase());
    return matches && matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * The longest `segments.slice(k).join('/')` that is a repository file. Scanning from the longest
   * tail down makes the first hit the answer, and the answer unique.
   */
  longestTailIn(segments: readonly string[], ignoreCase = false): string | undefined {
    for (let k = 0; k < segments.length; k += 1) {
      const tail = segments.slice(k).join('/');
      const found = ignoreCase ? this.findIgnoringCase(tail) : this.files.has(tail) ? tail : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Repository files whose last segments are exactly `segments` (the file itself included). */
  filesEndingWith(segments: readonly string[], ignoreCase = false): string[] {
    const name = segments[segments.length - 1];
    if (name === undefined) return [];
    const tail = segments.join('/');
    const candidates = ignoreCase ? this.foldedBasename(name) : (this.byBasename.get(name) ?? []);
    const wanted = ignoreCase ? tail.toLowerCase() : tail;
    return candidates.filter((file) => {
      const subject = ignoreCase ? file.toLowerCase() : file;
      return subject === wanted || subject.endsWith(`/${wanted}`);
    });
  }

  private folded(): Map<string, string[]> {
    if (!this.foldedFiles) {
      this.foldedFiles = new Map();
      for (const file of this.files) {
        const key = file.toLowerCase();
        const list = this.foldedFiles.get(key);
        if (list) list.push(file);
        else this.foldedFiles.set(key, [file]);
      }
    }
    return this.foldedFiles;
  }

  private foldedBasename(name: string): string[] {
    if (!this.foldedByBasename) {
      this.foldedByBasename = new Map();
      for (const [key, list] of this.byBasename) {
        const folded = key.toLowerCase();
        const existing = this.foldedByBasename.get(folded);
        if (existing) existing.push(...list);
        else this.foldedByBasename.set(folded, [...list]);
      }
    }
    return this.foldedByBasename.get(name.toLowerCase()) ?? [];
  }
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
