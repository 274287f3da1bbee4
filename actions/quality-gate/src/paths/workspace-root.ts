/**
 * The root that producer paths are made relative to: the given one, else the runner's
 * GITHUB_WORKSPACE, else the current directory (local runs of the CLI).
 */
export function workspaceRoot(given?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined && given !== '') return given;
  const fromRunner = env.GITHUB_WORKSPACE;
  return fromRunner !== undefined && fromRunner !== '' ? fromRunner : process.cwd();
}
