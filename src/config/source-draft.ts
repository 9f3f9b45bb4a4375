/** A source as the config editor writes it: the two required keys of a `sources` entry. */
export interface SourceDraft {
  url: string;
  categories: [string, string, string];
}
