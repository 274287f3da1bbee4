export { CommandDriver, type CommandDriverOptions } from './command-driver.js';
export { HOOK_NAMES, type HookName } from './hook-argv.js';
export { parseStatusJson } from './status-json.js';
