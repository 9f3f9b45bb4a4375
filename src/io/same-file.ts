import { stat } from 'node:fs/promises';

/**
 * Whether two paths name one file. Where the file system folds case (NTFS, APFS), `News/x.md` and
 * `news/x.md` are one file: a writer that moves a file to a new spelling and then deletes the old
 * spelling would delete what it just wrote. Two paths of which one does not exist are not one file.
 */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  // BigInt: NTFS file ids can exceed what a double holds exactly.
  const statOf = (file: string) => stat(file, { bigint: true }).catch(() => null);
  const [first, second] = await Promise.all([statOf(a), statOf(b)]);
  if (first === null || second === null) return false;
  // A file system without file ids (FAT) reports 0: then spellings that differ only in case are taken
  // for one file, since a stale duplicate is a smaller loss than a deleted file.
  if (first.ino === 0n || second.ino === 0n) return foldCase(a) === foldCase(b);
  return first.dev === second.dev && first.ino === second.ino;
}

/**
 * A key under which names a case-insensitive file system takes for one are equal. Upper then lower
 * case folds more than either alone (`ς`, `σ` and `Σ`; `ß` and `SS`): folding too much only makes a
 * needless candidate, too little would miss a clash.
 */
export function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}
