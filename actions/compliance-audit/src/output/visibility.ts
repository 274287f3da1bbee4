/**
 * The repository's visibility from the event payload (`repository.visibility`, or `private` on
 * older payloads). Unknown stays unknown: the rules that depend on it are then not assessed.
 */
export function visibilityFromPayload(payload: Record<string, unknown>): 'public' | 'private' | 'internal' | undefined {
  const repository = payload['repository'];
  if (typeof repository !== 'object' || repository === null) return undefined;
  const repo = repository as Record<string, unknown>;
  const visibility = repo['visibility'];
  if (visibility === 'public' || visibility === 'private' || visibility === 'internal') return visibility;
  if (typeof repo['private'] === 'boolean') return repo['private'] ? 'private' : 'public';
  return undefined;
}
