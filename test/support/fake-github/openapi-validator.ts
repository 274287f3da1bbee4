/**
 * Checks requests (and the fake's own responses) against GitHub's OpenAPI description, so a
 * test against the fake fails when the code under test sends something real GitHub would
 * reject — or something it would silently ignore, like a misspelt body field.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadOpenApiSubset, type JsonSchema, type OpenApiSubset, type OperationDescription } from './openapi-subset.js';
import { toJsonSchema } from './openapi-to-json-schema.js';

// ajv-formats is CommonJS; under NodeNext its plugin function is the `default` property.
const addFormats = addFormatsModule.default;

export interface MatchedOperation {
  operation: OperationDescription;
  pathParams: Record<string, string>;
}

export interface RequestProblems {
  /** Reasons GitHub would refuse the request, worded the way GitHub words them. */
  invalid: string[];
  /** Query parameters or top-level body fields GitHub does not know (and would ignore). */
  unknown: string[];
}

interface CompiledTemplate {
  operation: OperationDescription;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

function compileTemplate(operation: OperationDescription): CompiledTemplate {
  const names: string[] = [];
  let literalSegments = 0;
  const source = operation.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/]+)';
      }
      if (segment) literalSegments += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { operation, pattern: new RegExp(`^${source}$`), names, literalSegments };
}

function createAjv(coerceTypes: boolean): Ajv {
  // strict: false: GitHub's schemas carry keywords Ajv's strict mode rejects (`default` beside `oneOf`, ...).
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, coerceTypes });
  addFormats(ajv);
  // GitHub's own format for `owner/name` (POST /pulls `head_repo`), unknown to ajv-formats.
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  return ajv;
}

/**
 * For responses: GitHub answers `""` for URL fields nobody set (a deployment status without
 * `log_url` has `"target_url": ""`), although its description says `format: uri`. The fake
 * answers the same way, so the response check accepts an empty string there.
 */
function createResponseAjv(): Ajv {
  const ajv = createAjv(false);
  // ajv-formats' `uri` format is a plain function in its full mode.
  const isUri = addFormats.get('uri') as (s: string) => boolean;
  ajv.addFormat('uri', (s: string) => s === '' || isUri(s));
  return ajv;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function propertyPath(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  return parts.length ? `properties/${parts.join('/')}` : 'root';
}

/** GitHub's "Invalid request" messages, e.g. "Only 65535 characters are allowed; 70000 were supplied." */
function githubMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'maxLength':
      return `Only ${String(params.limit)} characters are allowed; ${String((error.data as string).length)} were supplied.`;
    case 'maxItems':
      return `No more than ${String(params.limit)} items are allowed; ${String((error.data as unknown[]).length)} were supplied.`;
    case 'required':
      return `"${String(params.missingProperty)}" wasn't supplied.`;
    case 'enum':
      return `For '${propertyPath(error.instancePath)}', ${describeValue(error.data)} is not a member of ${JSON.stringify(params.allowedValues)}.`;
    case 'type':
      return `For '${propertyPath(error.instancePath)}', ${describeValue(error.data)} is not ${String(params.type)}.`;
    default:
      return `For '${propertyPath(error.instancePath)}', ${describeValue(error.data)} ${error.message ?? 'is invalid'}.`;
  }
}

export class OpenApiValidator {
  private readonly templates: CompiledTemplate[];
  private readonly bodyAjv = createAjv(false);
  private readonly paramAjv = createAjv(true);
  private readonly responseAjv = createResponseAjv();
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly compiledResponses = new WeakMap<JsonSchema, ValidateFunction>();
  private readonly compiledParams = new Map<string, ValidateFunction>();

  constructor(readonly subset: OpenApiSubset) {
    this.templates = subset.operations.map(compileTemplate);
  }

  private static sharedInstance: OpenApiValidator | undefined;

  /** One validator per process: compiling GitHub's large response schemas takes a while. */
  static shared(): OpenApiValidator {
    OpenApiValidator.sharedInstance ??= new OpenApiValidator(loadOpenApiSubset());
    return OpenApiValidator.sharedInstance;
  }

  /** Finds the operation for a method and a concrete path; the most literal template wins. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    let best: { template: CompiledTemplate; values: string[] } | undefined;
    for (const template of this.templates) {
      if (template.operation.method !== method.toUpperCase()) continue;
      const found = template.pattern.exec(pathname);
      if (!found) continue;
      if (!best || template.literalSegments > best.template.literalSegments) {
        best = { template, values: found.slice(1) };
      }
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    best.template.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(best.values[i] ?? '');
    });
    return { operation: best.template.operation, pathParams };
  }

  /** True when some operation has this path, whatever the method (GitHub then answers 404 too). */
  knowsPath(pathname: string): boolean {
    return this.templates.some((t) => t.pattern.test(pathname));
  }

  validateRequest(
    matched: MatchedOperation,
    query: URLSearchParams,
    body: { present: boolean; value: unknown },
  ): RequestProblems {
    const { operation } = matched;
    const invalid: string[] = [];
    const unknown: string[] = [];

    const parameterValues = (where: 'path' | 'query') => {
      const schema: JsonSchema = { type: 'object', properties: {}, required: [] };
      const values: Record<string, unknown> = {};
      for (const p of operation.parameters.filter((param) => param.in === where)) {
        (schema.properties as Record<string, JsonSchema>)[p.name] = p.schema;
        if (p.required) (schema.required as string[]).push(p.name);
        const raw = where === 'path' ? matched.pathParams[p.name] : query.get(p.name);
        if (raw !== undefined && raw !== null) values[p.name] = raw;
      }
      return { schema, values };
    };
    for (const where of ['path', 'query'] as const) {
      const { schema, values } = parameterValues(where);
      const validate = this.paramValidator(schema);
      if (!validate(values)) {
        for (const error of validate.errors ?? []) invalid.push(`${where} parameter: ${githubMessage(error)}`);
      }
    }
    const queryNames = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(query.keys())) {
      if (!queryNames.has(name)) unknown.push(`query parameter "${name}"`);
    }

    const requestBody = operation.requestBody;
    if (requestBody?.schema) {
      if (!body.present) {
        if (requestBody.required) invalid.push('A JSON request body is required.');
      } else {
        const validate = this.validator(requestBody.schema);
        if (!validate(body.value)) {
          for (const error of validate.errors ?? []) invalid.push(githubMessage(error));
        }
        const known = requestBody.schema.properties as Record<string, unknown> | undefined;
        if (known && body.value && typeof body.value === 'object' && !Array.isArray(body.value)) {
          for (const name of Object.keys(body.value)) {
            if (!(name in known)) unknown.push(`body field "${name}"`);
          }
        }
      }
    } else if (body.present && operation.method === 'GET') {
      unknown.push('a request body on a GET');
    }
    return { invalid: [...new Set(invalid)], unknown };
  }

  /** Problems with a response body against the operation's schema for that status. */
  validateResponse(operation: OperationDescription, status: number, body: unknown): string[] {
    const response = operation.responses[String(status)];
    if (!response) return [`status ${status} is not a documented 2xx response of ${operation.operationId}`];
    if (!response.schema) return [];
    let validate = this.compiledResponses.get(response.schema);
    if (!validate) {
      validate = this.responseAjv.compile(toJsonSchema(response.schema) as JsonSchema);
      this.compiledResponses.set(response.schema, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }

  private validator(schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.bodyAjv.compile(toJsonSchema(schema) as JsonSchema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private paramValidator(schema: JsonSchema): ValidateFunction {
    // Parameter schemas are assembled per request, so they are cached by their JSON text.
    const key = JSON.stringify(schema);
    let validate = this.compiledParams.get(key);
    if (!validate) {
      validate = this.paramAjv.compile(toJsonSchema(schema) as JsonSchema);
      this.compiledParams.set(key, validate);
    }
    return validate;
  }
}
