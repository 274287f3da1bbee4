import type { Command } from './context.js';
import { reportCommand } from './report.js';
import { validateCommand } from './validate.js';
import { runCommand } from './run.js';
import { demoCommand } from './demo.js';
import { verifyCommand } from './verify.js';

export type { Command, CommandContext } from './context.js';

export const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  run: runCommand,
  report: reportCommand,
  demo: demoCommand,
  verify: verifyCommand,
};
