import { stripControlCharacters } from '../core/control-characters.js';
import { InternalError, NewsmillError, describeError } from '../core/errors.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { createProgram } from './program.js';

/** Runs the CLI and maps failures to the documented exit codes. */
export async function main(argv: string[]): Promise<void> {
  const program = await createProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (isCommanderExit(error)) {
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    // Messages quote configs, feeds and servers: none of them may drive the terminal.
    process.stderr.write(`newsmill: ${stripControlCharacters(describeError(error))}\n`);
    process.exitCode = exitCodeFor(error);
    // A bug's stack helps whoever reports it; a deliberate error's message says it all.
    const bug = !(error instanceof NewsmillError) || error instanceof InternalError;
    if (bug && process.env.NEWSMILL_DEBUG) console.error(error);
  }
}

function isCommanderExit(error: unknown): error is { exitCode: number; code: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    String((error as { code: unknown }).code).startsWith('commander.')
  );
}

// A reader that stops early (`newsmill catalogue … | head`) closes the pipe; like any Unix tool,
// stop quietly rather than crash with an unhandled EPIPE. Writes are atomic, so nothing is cut.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

await main(process.argv);
