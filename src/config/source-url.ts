import { hasControlCharacter } from '../core/control-characters.js';

/** What a source `url` names: an http(s) feed, an RSSHub route, or a local file (a path or a `file:` URL). */
export type SourceUrlKind = 'http' | 'rsshub' | 'file';

/** A usable source `url` and its kind, or why it cannot be used. */
export type SourceUrlCheck = { kind: SourceUrlKind; problem: null } | { kind: null; problem: string };

// Two letters or more, so that a Windows drive (`C:\feeds\a.xml`) stays a path.
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Classifies a source `url` as the config reads it: http(s) URLs, `rsshub:` routes that stay inside
 * the instance, `file:` URLs and paths. Any other scheme (`ftp:`, `javascript:`, `data:`…) is refused
 * rather than read as a file name.
 */
export function checkSourceUrl(url: string): SourceUrlCheck {
  if (hasControlCharacter(url)) return refuse('a source url must not contain control characters');
  if (url.trim() !== url) return refuse('a source url must not start or end with white space');
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', problem: null };
  if (scheme === 'rsshub') {
    const problem = rsshubRouteProblem(url.slice('rsshub:'.length));
    return problem === null ? { kind: 'rsshub', problem: null } : refuse(problem);
  }
  if (scheme === 'http' || scheme === 'https' || scheme === 'file') {
    if (!URL.canParse(url)) return refuse('not a valid URL');
    if (scheme === 'file') return { kind: 'file', problem: null };
    return { kind: 'http', problem: null };
  }
  return refuse(
    `unsupported URL scheme "${scheme}:"; expected an http(s) URL, an rsshub:/route or a file path ` +
      '(write ./name for a file whose name has a colon)',
  );
}

/**
 * Checks a source that came from a file newsmill did not write itself (an OPML file, the RSSHub
 * catalogue, a discovered feed link): only http(s) URLs and rsshub: routes. A local file can be added
 * only by the user naming it on the command line or in the config.
 */
export function checkRemoteSourceUrl(url: string): SourceUrlCheck {
  const check = checkSourceUrl(url);
  if (check.kind !== 'file') return check;
  return refuse(
    'only http(s) URLs and rsshub: routes are taken from here; add a local file with `newsmill sources add PATH`',
  );
}

/**
 * Why an RSSHub route would leave the instance's base path or the offline routes folder, or null. The
 * path is percent-decoded until nothing changes (`%252e%252e` is `..` to a server that decodes twice),
 * and a backslash counts as a separator, as URL parsers and Windows read it.
 */
export function rsshubRouteProblem(route: string): string | null {
  // The query and fragment go to the instance as data; only the path names a place.
  const rawPath = route.replace(/[?#].*$/s, '');
  let decoded = rawPath;
  for (;;) {
    const next = decoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (next === decoded) break;
    decoded = next;
  }
  const leaves = decoded.split(/[/\\]/).some((segment) => /^\s*\.\.[.\s]*$/.test(segment));
  if (leaves || hasControlCharacter(decoded)) {
    return 'an rsshub: route must stay inside the RSSHub instance: no ".." segments (encoded or not) and no control characters';
  }
  return null;
}

function refuse(problem: string): SourceUrlCheck {
  return { kind: null, problem };
}
