import { hasControlCharacter } from '../core/control-characters.js';

/**
 * Why a relative path read from untrusted text (an export's recorded output file) could leave the
 * folder it is relative to on POSIX or Windows, or null: no absolute path or drive, no backslash, no
 * empty, `.` or `..` segment, no control character. It reads the text alone; writes and deletes still
 * go through `ContainedFolder.check`, which also looks at the disk.
 */
export function portablePathProblem(file: string): string | null {
  if (file === '') return 'empty';
  if (hasControlCharacter(file)) return 'a control character';
  if (file.includes('\\')) return 'a backslash';
  if (file.startsWith('/')) return 'an absolute path';
  if (/^[a-z]:/i.test(file)) return 'a drive letter';
  const segment = file.split('/').find((part) => part === '' || part === '.' || part === '..');
  return segment === undefined ? null : segment === '' ? 'an empty segment' : `a "${segment}" segment`;
}
