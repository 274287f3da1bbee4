/** The renderers of the shared kernel, in one import for the actions and the CLI. */
export * from './budget.js';
export * from './check-output.js';
export * from './escape.js';
export * from './finding-order.js';
export * from './format.js';
export * from './junit.js';
export * from './limits.js';
export * from './markdown-table.js';
export * from './mermaid.js';
export * from './phase-markdown.js';
export * from './sarif.js';
export * from './source-link.js';
export * from './text-size.js';
export * from './truncate.js';
export * from './xml-escape.js';
