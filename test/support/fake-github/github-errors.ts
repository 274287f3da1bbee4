/**
 * Error bodies shaped like GitHub's: `{ message, documentation_url, status }`, plus `errors`
 * for "Validation Failed". Clients (Octokit included) build their error messages from these
 * fields, so matching them keeps error handling tests honest.
 */

export const DOCUMENTATION_URL = 'https://docs.github.com/rest';

/** What a handler or a fault answers; `body` is serialised as JSON when present. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function errorResponse(status: number, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, body: { message, documentation_url: DOCUMENTATION_URL, status: String(status) }, headers };
}

export function notFound(): FakeResponse {
  return errorResponse(404, 'Not Found');
}

/** The 422 GitHub sends when the request does not match the operation's schema. */
export function invalidRequest(problems: string[]): FakeResponse {
  return errorResponse(422, `Invalid request.\n\n${problems.join('\n')}`);
}

/** The 422 GitHub sends when a rule beyond the schema is broken (e.g. a comment body too long). */
export function validationFailed(resource: string, field: string, code: string, message: string): FakeResponse {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource, code, field, message }],
      documentation_url: DOCUMENTATION_URL,
      status: '422',
    },
  };
}

/**
 * The 403 a GITHUB_TOKEN without the needed `permissions:` gets (and every fork PR's read-only
 * token). GitHub names the permission it wanted in `x-accepted-github-permissions`.
 */
export function resourceNotAccessible(acceptedPermissions: string): FakeResponse {
  return errorResponse(403, 'Resource not accessible by integration', {
    'x-accepted-github-permissions': acceptedPermissions,
  });
}
