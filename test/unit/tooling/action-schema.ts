// Validates an action.yml against GitHub's own action metadata schema (action-v1.0.min.json,
// shipped by @actions/workflow-parser, the parser behind the Actions VS Code extension).
//
// Why not the package's parseAction(): its module imports the schema JSON without an import
// attribute, which Node 20 refuses outside a bundler, and vitest loads node_modules through
// Node. The template engine modules it is built from load fine, so we drive them directly with
// the same root definition parseAction uses.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_ROOT } from '@actions/workflow-parser/actions/action-constants';
import { JSONObjectReader } from '@actions/workflow-parser/templates/json-object-reader';
import { TemplateSchema } from '@actions/workflow-parser/templates/schema/index';
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context';
import { readTemplate } from '@actions/workflow-parser/templates/template-reader';
import { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer';
import { YamlObjectReader } from '@actions/workflow-parser/workflows/yaml-object-reader';

export interface SchemaFinding {
  line: number | undefined;
  column: number | undefined;
  message: string;
}

let schema: TemplateSchema | undefined;

function actionSchema(): TemplateSchema {
  if (!schema) {
    // The package's exports map has only an `import` condition and no entry for the JSON, so
    // neither require.resolve nor an import finds it; read it from the installed package.
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const json = readFileSync(join(root, 'node_modules/@actions/workflow-parser/dist/action-v1.0.min.json'), 'utf8');
    schema = TemplateSchema.load(new JSONObjectReader(undefined, json));
  }
  return schema;
}

/** Returns every schema violation (empty when the file is valid), with 1-based positions. */
export function validateActionMetadata(fileName: string, content: string): SchemaFinding[] {
  const context = new TemplateContext(new TemplateValidationErrors(), actionSchema(), new NoOperationTraceWriter());
  const fileId = context.getFileId(fileName);
  const reader = new YamlObjectReader(fileId, content);
  if (reader.errors.length > 0) {
    // Broken YAML: report the syntax errors alone, schema errors on a half-read tree mislead.
    return reader.errors.map((e) => ({
      line: e.range?.start.line,
      column: e.range?.start.column,
      message: e.message,
    }));
  }
  readTemplate(context, ACTION_ROOT, reader, fileId);
  return context.errors.getErrors().map((e) => ({
    line: e.range?.start.line,
    column: e.range?.start.column,
    message: e.message,
  }));
}
