import { NewsmillError } from '../core/errors.js';

/** Stored articles could not be read or cleaned for the site; it names the posts of the failed batch. */
export class ArticleLoadError extends NewsmillError {
  override readonly name = 'ArticleLoadError';
}

/** A block of the site's search index could not be built; it names the block's posts. */
export class SearchIndexError extends NewsmillError {
  override readonly name = 'SearchIndexError';
}

/** A page asked for an article the build never loaded: a planning bug, not a problem with the store. */
export class ContentNotLoadedError extends NewsmillError {
  override readonly name = 'ContentNotLoadedError';
}
