import { Command } from 'commander';
import { registerBackupCommands } from './backup-commands.js';
import { registerParseCommand } from './parse-command.js';
import { registerProxyCommand } from './proxy-command.js';
import { registerProxyUrlCommand } from './proxy-url-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSanitizeCommand } from './sanitize-command.js';
import { registerSourcesCommand } from './sources-command.js';
import { registerWatchCommand } from './watch-command.js';

/** Builds the `newsmill` command line with every command registered. */
export function createProgram(): Command {
  const program = new Command('newsmill')
    .description('turn news feeds into a fast, safe, self-updating news site and Hexo posts')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerRunCommand(program);
  registerParseCommand(program);
  registerSanitizeCommand(program);
  registerSourcesCommand(program);
  registerWatchCommand(program);
  registerBackupCommands(program);
  registerProxyCommand(program);
  registerProxyUrlCommand(program);
  return program;
}
