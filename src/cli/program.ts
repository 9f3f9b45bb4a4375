import { Command } from 'commander';

/** Adds one command (or a family: `sources`, `export`/`import`) to the program. */
type Registrar = (program: Command) => void;

/**
 * Each top-level command name → its module, loaded only when that command runs or when help lists
 * them all, in the order help lists them. Importing every command's module on every start cost a
 * one-new-item site build at 20,000 posts about 35 ms of its 0.6 s (bench/RESULTS.md).
 */
const COMMANDS: ReadonlyArray<[names: readonly string[], load: () => Promise<Registrar>]> = [
  [['init'], async () => (await import('./init-command.js')).registerInitCommand],
  [['run'], async () => (await import('./run-command.js')).registerRunCommand],
  [['build'], async () => (await import('./build-command.js')).registerBuildCommand],
  [['publish'], async () => (await import('./publish-command.js')).registerPublishCommand],
  [
    ['serve'],
    async () => {
      const [{ registerServeCommand }, { createServeImageProxy }] = await Promise.all([
        import('./serve-command.js'),
        import('./serve-image-proxy.js'),
      ]);
      return (program) => registerServeCommand(program, { imageProxy: createServeImageProxy });
    },
  ],
  [['parse'], async () => (await import('./parse-command.js')).registerParseCommand],
  [['sanitize'], async () => (await import('./sanitize-command.js')).registerSanitizeCommand],
  [
    ['sources'],
    async () => {
      const [{ registerSourcesCommand }, { registerSourcesEditCommands }] = await Promise.all([
        import('./sources-command.js'),
        import('./sources-edit-command.js'),
      ]);
      return (program) => registerSourcesEditCommands(registerSourcesCommand(program));
    },
  ],
  [['catalogue'], async () => (await import('./catalogue-command.js')).registerCatalogueCommand],
  [['opml'], async () => (await import('./opml-command.js')).registerOpmlCommand],
  [['watch'], async () => (await import('./watch-command.js')).registerWatchCommand],
  [['schedule'], async () => (await import('./schedule-command.js')).registerScheduleCommand],
  [['worker'], async () => (await import('./worker-command.js')).registerWorkerCommand],
  [['export', 'import'], async () => (await import('./backup-commands.js')).registerBackupCommands],
  [['prune'], async () => (await import('./prune-command.js')).registerPruneCommand],
  [['checkpoint'], async () => (await import('./checkpoint-command.js')).registerCheckpointCommand],
  [['proxy'], async () => (await import('./proxy-command.js')).registerProxyCommand],
  [['proxy-url'], async () => (await import('./proxy-url-command.js')).registerProxyUrlCommand],
];

/** Every top-level command name, in help order. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.flatMap(([names]) => names);

/**
 * Builds the `newsmill` command line for `argv`: with only the command it names registered, or
 * every command when it names none it knows (help, `--version`, a typo commander should answer
 * with the closest names).
 */
export async function createProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('newsmill')
    .description('turn news feeds into a fast, safe, self-updating news site and Hexo posts')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    // Set before the commands are added: commander copies it into each subcommand at creation.
    .exitOverride();
  const named = argv[2];
  const wanted = COMMANDS.filter(([names]) => named !== undefined && names.includes(named));
  const registrars = await Promise.all((wanted.length > 0 ? wanted : COMMANDS).map(([, load]) => load()));
  for (const register of registrars) register(program);
  return program;
}
