import type { NameResolver } from './xml-namespaces.js';
import type { XmlElement, XmlNode } from './xml-node.js';

/** The children of a void element: frozen and shared, since its content goes to its parent. */
export const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

/**
 * The elements open while a tree is built, innermost last. Each entry holds the element its content
 * goes to (a void element's parent). Parallel arrays rather than frame objects: one allocation fewer
 * per element.
 */
export class OpenElements {
  private readonly targets: XmlElement[];
  // The depth in the tree of each target: an item opened inside an unclosed item is not deeper.
  private readonly depths: number[] = [0];
  private readonly declares: boolean[] = [false];
  private readonly starts: number[] = [0];
  // Stack index of the outermost open item or entry, or -1.
  private openRecord = -1;
  /** How many items or entries were opened inside an unclosed one (and made its siblings). */
  nestedRecords = 0;

  constructor(
    top: XmlElement,
    private readonly names: NameResolver,
  ) {
    this.targets = [top];
  }

  /** The element that text goes to now, or null outside every element (where text is dropped). */
  current(): XmlElement | null {
    const { targets } = this;
    return targets.length > 1 ? (targets[targets.length - 1] as XmlElement) : null;
  }

  /**
   * The stack index of the element a new element named `name` goes in. An item opened inside an
   * unclosed item is its sibling, not its child: nesting it would hide it from the format readers,
   * dropping a good item because of a bad one.
   */
  holderFor(name: string): number {
    if (this.openRecord >= 0 && isRecord(name)) {
      this.nestedRecords++;
      return this.openRecord - 1;
    }
    return this.targets.length - 1;
  }

  /** The element at a stack index. */
  elementAt(index: number): XmlElement {
    return this.targets[index] as XmlElement;
  }

  /** The tree depth of the element at a stack index. */
  depthAt(index: number): number {
    return this.depths[index] as number;
  }

  /** Adds `element` to the holder at `holderIndex` and opens it; `declares`: it applied namespace declarations. */
  push(element: XmlElement, holderIndex: number, depth: number, declares: boolean, start: number): void {
    const { targets, depths } = this;
    const childless = element.children === NO_CHILDREN;
    (targets[holderIndex] as XmlElement).children.push(element);
    if (this.openRecord < 0 && isRecord(element.name)) this.openRecord = targets.length;
    targets.push(childless ? (targets[targets.length - 1] as XmlElement) : element);
    depths.push(childless ? (depths[depths.length - 1] as number) : depth);
    this.declares.push(declares);
    this.starts.push(start);
  }

  /** Closes the innermost element, leaving its namespace declarations; returns where its start tag began. */
  pop(): number {
    this.targets.pop();
    this.depths.pop();
    if (this.declares.pop() === true) this.names.leave();
    const start = this.starts.pop() as number;
    if (this.targets.length === this.openRecord) this.openRecord = -1;
    return start;
  }
}

function isRecord(name: string): boolean {
  return name === 'item' || name === 'entry';
}
