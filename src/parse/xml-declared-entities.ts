import { decodeXmlText, type EntityResolver } from '../io/xml-entities.js';

// libxml2 stops at 40 levels of entities within entities; real DTDs use two or three.
const MAX_NESTING = 32;
// Every document may expand this many characters of entities, or as many as it is long if longer:
// enough for any real use, while a billion laughs or a large entity used 100,000 times stops early.
const MIN_BUDGET = 1 << 20;

/**
 * The internal general entities of one document, expanded on first use. Every character an
 * expansion produces, nested ones included, is charged to one budget for the document; an entity
 * whose expansion runs past it, refers to itself or nests too deep is refused, and its references
 * stay as written. External entities never get here (see xml-doctype.ts).
 */
export class DeclaredEntities implements EntityResolver {
  readonly longestName: number;
  /** Problems met while expanding, at most once each. */
  readonly warnings = new Set<string>();
  private remaining: number;
  private readonly expanded = new Map<string, string | null>();
  // The entities being expanded, outermost first, and whether each must be refused when it ends.
  private readonly expanding: string[] = [];
  private readonly refusing = new Set<string>();
  private readonly budget: number;

  /** `values` are the literal values with character references already replaced (XML 1.0 §4.5). */
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    documentLength: number,
  ) {
    let longest = 0;
    for (const name of values.keys()) longest = Math.max(longest, name.length);
    this.longestName = longest;
    this.budget = Math.max(MIN_BUDGET, documentLength);
    this.remaining = this.budget;
  }

  /** The replacement text of a declared entity, or null when it is undeclared or refused. */
  resolve(name: string): string | null {
    const text = this.replacement(name);
    if (text === null) return null;
    if (text.length > this.remaining) {
      this.exhaust();
      return null;
    }
    this.remaining -= text.length;
    return text;
  }

  private replacement(name: string): string | null {
    const known = this.expanded.get(name);
    if (known !== undefined) return known;
    const value = this.values.get(name);
    if (value === undefined || this.remaining <= 0) return null;
    if (this.expanding.includes(name)) {
      this.warnings.add(`XML: entity &${name}; refers to itself and was not expanded`);
      return this.refuseAll();
    }
    if (this.expanding.length >= MAX_NESTING) {
      this.warnings.add(`XML: entities nested more than ${MAX_NESTING} deep were not expanded`);
      return this.refuseAll();
    }
    this.expanding.push(name);
    // The replacement text is parsed again where it is used (XML 1.0 §4.4.2), so its own references
    // are expanded; as text here, not markup, since a feed's text becomes HTML or plain text anyway.
    const text = value.includes('&') ? decodeXmlText(value, this) : value;
    this.expanding.pop();
    const refused = this.refusing.delete(name) || this.remaining <= 0;
    this.expanded.set(name, refused ? null : text);
    return refused ? null : text;
  }

  /** Refuses every entity being expanded: each one's text would depend on where it was first used. */
  private refuseAll(): null {
    for (const open of this.expanding) this.refusing.add(open);
    return null;
  }

  private exhaust(): void {
    this.remaining = 0;
    this.refuseAll();
    this.warnings.add(
      `XML: entity expansion stopped at ${this.budget} characters; later references were left as written`,
    );
  }
}
