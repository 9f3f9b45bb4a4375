import type { Feed } from '../../core/model.js';
import type { ParseContext } from '../parse-context.js';
import { uniqueLabels } from '../parse-context.js';
import type { XmlElement } from '../xml-node.js';
import { childElements } from '../xml-node.js';
import { adaptAtomEntry } from './atom-adapter.js';
import { alternateLink } from './atom-link.js';
import { readAtomEntry, readAtomFeed } from './atom-raw.js';
import { atomPlainText } from './text-construct.js';

/** Maps an Atom 1.0 (or 0.3) document, root `<feed>`, to the model. */
export function parseAtom(root: XmlElement, context: ParseContext): Feed {
  const raw = readAtomFeed(root);
  const feedAuthors = uniqueLabels(raw.authors);
  return {
    format: 'atom',
    title: atomPlainText(raw.title),
    link: alternateLink(raw.links, context),
    description: atomPlainText(raw.subtitle),
    ttlMinutes: null,
    items: childElements(root, 'entry').map((entry, index) =>
      adaptAtomEntry(readAtomEntry(entry), context, index, feedAuthors),
    ),
    warnings: context.warnings,
  };
}
