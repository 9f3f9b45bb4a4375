import { openSync, readFileSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { NewsmillError } from '../core/errors.js';

/** A held lock; release it when done. */
export interface InstanceLock {
  release(): void;
}

/**
 * Takes the single-instance lock of a store: a file holding our pid, created exclusively. A lock
 * left by a process that no longer exists (killed with -9) is taken over.
 */
export function acquireInstanceLock(storePath: string, purpose: string): InstanceLock {
  const file = `${storePath}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n${purpose}\n`);
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText = '', holder = 'newsmill'] = readFileSync(file, 'utf8').split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new NewsmillError(
          `another ${holder} (pid ${pid}) is using ${storePath}; stop it first, or delete ${file} if that is wrong`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new NewsmillError(`cannot take the lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
