import { Command } from 'commander';
import { registerBackupCommands } from './backup-commands.js';
import { registerBuildCommand } from './build-command.js';
import { registerCatalogueCommand } from './catalogue-command.js';
import { registerCheckpointCommand } from './checkpoint-command.js';
import { registerInitCommand } from './init-command.js';
import { registerOpmlCommand } from './opml-command.js';
import { registerParseCommand } from './parse-command.js';
import { registerProxyCommand } from './proxy-command.js';
import { registerPruneCommand } from './prune-command.js';
import { registerProxyUrlCommand } from './proxy-url-command.js';
import { registerPublishCommand } from './publish-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSanitizeCommand } from './sanitize-command.js';
import { registerScheduleCommand } from './schedule-command.js';
import { createServeImageProxy } from './serve-image-proxy.js';
import { registerServeCommand } from './serve-command.js';
import { registerSourcesCommand } from './sources-command.js';
import { registerSourcesEditCommands } from './sources-edit-command.js';
import { registerWatchCommand } from './watch-command.js';
import { registerWorkerCommand } from './worker-command.js';

/** Builds the `newsmill` command line with every command registered. */
export function createProgram(): Command {
  const program = new Command('newsmill')
    .description('turn news feeds into a fast, safe, self-updating news site and Hexo posts')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Set before the commands are added: commander copies it into each subcommand at creation.
    .exitOverride();
  registerInitCommand(program);
  registerRunCommand(program);
  registerBuildCommand(program);
  registerPublishCommand(program);
  registerServeCommand(program, { imageProxy: createServeImageProxy });
  registerParseCommand(program);
  registerSanitizeCommand(program);
  registerSourcesEditCommands(registerSourcesCommand(program));
  registerCatalogueCommand(program);
  registerOpmlCommand(program);
  registerWatchCommand(program);
  registerScheduleCommand(program);
  registerWorkerCommand(program);
  registerBackupCommands(program);
  registerPruneCommand(program);
  registerCheckpointCommand(program);
  registerProxyCommand(program);
  registerProxyUrlCommand(program);
  return program;
}
