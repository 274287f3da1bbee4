/**
 * A SARIF message object to plain text (SARIF 2.1.0 section 3.11): `text` directly, or `id`
 * looked up in the rule's `messageStrings`, then the tool component's `globalMessageStrings`;
 * then placeholders `{0}`, `{1}`... replaced by `arguments`, and `{{`/`}}` unescaped to braces.
 * Markdown is used only when there is no plain text, since comments and annotations render it
 * separately.
 */
import { isRecord, optionalString } from '../detect/json-shape.js';

export function resolveSarifMessage(
  message: unknown,
  rule: Record<string, unknown> | undefined,
  component: Record<string, unknown> | undefined,
): string | undefined {
  if (!isRecord(message)) return undefined;
  const id = optionalString(message.id);
  const template =
    optionalString(message.text) ??
    (id ? (lookup(rule?.messageStrings, id) ?? lookup(component?.globalMessageStrings, id)) : undefined) ??
    optionalString(message.markdown);
  if (template === undefined) return undefined;
  const args = Array.isArray(message.arguments)
    ? message.arguments.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)))
    : [];
  return formatSarifMessage(template, args);
}

function lookup(strings: unknown, id: string): string | undefined {
  if (!isRecord(strings) || !Object.hasOwn(strings, id)) return undefined;
  const entry = strings[id];
  return isRecord(entry) ? (optionalString(entry.text) ?? optionalString(entry.markdown)) : undefined;
}

/** Placeholders without a matching argument stay as written, so nothing is silently lost. */
export function formatSarifMessage(template: string, args: readonly string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    return args[Number(index)] ?? match;
  });
}
