/**
 * Git objects the fake knows: commits (seeded, or made through POST /git/commits) and refs
 * (branches and tags pointing at them). Trees are not modelled: a commit's tree is any sha the
 * caller names, which is all a revert pull request needs.
 */
import type { RepoRef } from './state.js';

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface CommitRecord extends RepoRef {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  /** Whether GitHub would show the commit as verified (signed). */
  verified: boolean;
}

const key = (ref: RepoRef) => `${ref.owner}/${ref.repo}`.toLowerCase();

export class GitState {
  private readonly commits = new Map<string, CommitRecord>();
  /** `owner/repo` → full ref name (`refs/heads/main`) → sha. */
  private readonly refs = new Map<string, Map<string, string>>();

  commit(ref: RepoRef, sha: string): CommitRecord | undefined {
    return this.commits.get(`${key(ref)}@${sha.toLowerCase()}`);
  }

  putCommit(commit: CommitRecord): void {
    this.commits.set(`${key(commit)}@${commit.sha.toLowerCase()}`, commit);
  }

  /** All refs of a repository, by full name. */
  refsOf(ref: RepoRef): Map<string, string> {
    let refs = this.refs.get(key(ref));
    if (!refs) {
      refs = new Map();
      this.refs.set(key(ref), refs);
    }
    return refs;
  }

  /** The sha a branch points at (`main` or `refs/heads/main`). */
  branchSha(ref: RepoRef, branch: string): string | undefined {
    return this.refsOf(ref).get(branch.startsWith('refs/') ? branch : `refs/heads/${branch}`);
  }
}
