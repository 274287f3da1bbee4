/**
 * Types for, and the loader of, `openapi-subset.json`: the operations the suite calls, cut from
 * GitHub's official OpenAPI description by `scripts/extract-openapi.mjs`.
 */
import { readFileSync } from 'node:fs';

/** A JSON Schema as found in GitHub's OpenAPI 3.0 description (so `nullable` may appear). */
export type JsonSchema = { [keyword: string]: unknown };

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface OperationDescription {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path template, e.g. `/repos/{owner}/{repo}/check-runs`. */
  path: string;
  operationId: string;
  parameters: OperationParameter[];
  requestBody: { required: boolean; schema: JsonSchema | null } | null;
  /** Only the 2xx responses are kept; `schema` is null for bodiless ones. */
  responses: Record<string, { schema: JsonSchema | null }>;
}

export interface OpenApiSubset {
  source: { package: string; version: string; file: string };
  openapi: string;
  operations: OperationDescription[];
}

export const OPENAPI_SUBSET_URL = new URL('./openapi-subset.json', import.meta.url);

let cached: OpenApiSubset | undefined;

/** Parsed once per process: every fake shares the same read-only description. */
export function loadOpenApiSubset(): OpenApiSubset {
  cached ??= JSON.parse(readFileSync(OPENAPI_SUBSET_URL, 'utf8')) as OpenApiSubset;
  return cached;
}
