/** How deep the tree may grow: far deeper than any real feed, far shallower than what overflows a recursive walk. */
export const MAX_XML_DEPTH = 256;

/**
 * What the tree builder recovered from in ill-formed XML: markup dropped past {@link MAX_XML_DEPTH}
 * and elements left unclosed, counted for one warning each.
 */
export class XmlRecovery {
  // How many of the innermost open elements lie past the depth limit and were dropped.
  private overflow = 0;
  private flattened = 0;
  private unclosed = 0;
  private firstUnclosed: { name: string; index: number } | null = null;

  /** Whether markup is being dropped now (its attributes are not worth reading). */
  dropping(): boolean {
    return this.overflow > 0;
  }

  /** Counts a start tag; true when it lies inside dropped markup and is dropped too. */
  dropsOpen(): boolean {
    if (this.overflow === 0) return false;
    this.overflow++;
    this.flattened++;
    return true;
  }

  /** Starts dropping at a start tag past the depth limit: its text goes to the deepest element kept. */
  flatten(): void {
    this.overflow = 1;
    this.flattened++;
  }

  /** Counts an end tag (`implied`: the element was never closed); true when it closes dropped markup. */
  dropsClose(implied: boolean): boolean {
    if (implied) this.unclosed++;
    if (this.overflow === 0) return false;
    this.overflow--;
    return true;
  }

  /** Notes an element kept in the tree that was never closed, for the warning's "first" and line. */
  noteUnclosed(name: string, index: number): void {
    this.firstUnclosed ??= { name, index };
  }

  /** The warnings for what was recovered from, once the whole `text` is read. */
  warnings(text: string, nestedRecords: number): string[] {
    const warnings: string[] = [];
    if (this.firstUnclosed !== null) {
      const { name, index } = this.firstUnclosed;
      warnings.push(
        `ill-formed XML: ${this.unclosed} element(s) not closed properly, first <${name}> near line ${lineAt(text, index)}`,
      );
    }
    if (this.flattened > 0) {
      warnings.push(
        `ill-formed XML: ${this.flattened} element(s) nested deeper than ${MAX_XML_DEPTH} levels were flattened`,
      );
    }
    if (nestedRecords > 0) {
      warnings.push(`ill-formed XML: ${nestedRecords} item(s) opened inside an unclosed item`);
    }
    return warnings;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
