/** One page of a list: which items (newest first) it shows and its neighbours. */
export interface ListPage<T> {
  /** Null for the first page (the list's own URL); otherwise the page's stable number. */
  number: number | null;
  items: T[];
  /** The page with newer items: undefined when none; null is the first page. */
  newer: number | null | undefined;
  /** The page with older items, or undefined when this is the oldest. */
  older: number | undefined;
}

/**
 * Splits a newest-first list into pages whose numbers count from the oldest end, so a page's
 * content never changes when new items arrive: page 1 always holds the oldest `perPage` items.
 * The first page shows the newest full block plus the items that do not yet fill a block
 * (`perPage` to `2 × perPage − 1` items). Only the first page and, when a block fills, the newest
 * numbered page change on an append, which keeps incremental builds small.
 *
 * `items` may be the newest part of a longer list, of which `older` items (all older) are left out:
 * the pages are numbered as the whole list's, and only those wholly within `items` are returned.
 */
export function paginateStable<T>(items: readonly T[], perPage: number, older = 0): Array<ListPage<T>> {
  const total = items.length + older;
  const fullBlocks = Math.floor(total / perPage);
  // Blocks 1..numbered are pages of their own; everything newer is on the first page.
  const numbered = Math.max(0, fullBlocks - 1);
  const firstCount = total - numbered * perPage;
  if (firstCount > items.length) return [];
  const pages: Array<ListPage<T>> = [
    {
      number: null,
      items: items.slice(0, firstCount),
      newer: undefined,
      older: numbered > 0 ? numbered : undefined,
    },
  ];
  for (let number = numbered; number >= 1; number--) {
    const end = total - (number - 1) * perPage;
    if (end > items.length) break;
    pages.push({
      number,
      items: items.slice(end - perPage, end),
      newer: number === numbered ? null : number + 1,
      older: number > 1 ? number - 1 : undefined,
    });
  }
  return pages;
}
