import { describe, expect, it } from 'vitest';
import {
  reuseStoredCleaning,
  sealedStoredCleaning,
  storedCleaningKey,
  storedCleaningOf,
  type SealedCleaning,
} from './cleaning-key.js';

const KEY = 'a'.repeat(32);
const SECRET = 'seal-secret-'.repeat(4);
const CHANGED = '2026-12-07T10:00:00.000Z';
// Not the sanitizer's output: sanitizing it again drops the handler, so its survival shows reuse.
const HTML = '<p onclick="alert(1)">article</p>';
const COVER = 'https://img.example.cn/a.jpg';
const TEXT = 'article';
// The raw article: the text a cleaning that is not used as stored is taken from again.
const CONTENT = '<p>raw <b>article</b></p>';
const ITEM = {
  sourceKey: 'feeds/a.xml',
  identity: 'id:1',
  changedAt: CHANGED,
  content: CONTENT,
  summary: null,
};
const SEALED: SealedCleaning = {
  sourceKey: ITEM.sourceKey,
  identity: ITEM.identity,
  html: HTML,
  cover: COVER,
  text: TEXT,
  from: CHANGED,
};

/** The item as stored with its cleaning sealed under SECRET, then `fields` changed. */
function itemWith(fields: Partial<{ html: string; cover: string; text: string; key: string; from: string }>) {
  const cleaning = { html: HTML, cover: COVER, text: TEXT, from: CHANGED };
  return { ...ITEM, cleaned: { ...cleaning, key: storedCleaningKey(KEY, SECRET, SEALED), ...fields } };
}

const sanitized = { html: '<p>article</p>', cover: COVER, text: 'raw article' };
const asStored = { html: HTML, cover: COVER, text: TEXT };

describe('sealed stored cleanings', () => {
  it('are used as stored under the secret that sealed them', () => {
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, SECRET)).toEqual(asStored);
  });

  it('serve a build that read no bodies, and only when sealed', () => {
    const { content: _content, summary: _summary, ...withoutBodies } = itemWith({});
    expect(sealedStoredCleaning(withoutBodies, KEY, SECRET)).toEqual(asStored);
    expect(sealedStoredCleaning(withoutBodies, KEY, null)).toBeNull();
    expect(sealedStoredCleaning(itemWith({ text: 'forged' }), KEY, SECRET)).toBeNull();
  });

  it('are sanitized again without the secret, under another, or when anything they cover changed', () => {
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, null)).toEqual(sanitized);
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, 'other-secret-'.repeat(4))).toEqual(sanitized);
    const edited = itemWith({ html: `${HTML}<script>alert(2)</script>` });
    expect(reuseStoredCleaning(edited, KEY, undefined, SECRET)).toEqual(sanitized);
    // An edited text is not shown: the text comes from the raw article again.
    expect(reuseStoredCleaning(itemWith({ text: 'forged' }), KEY, undefined, SECRET)).toEqual(sanitized);
    const recovered = itemWith({ cover: 'https://evil.example/x.jpg' });
    expect(reuseStoredCleaning(recovered, KEY, undefined, SECRET)?.html).toBe('<p>article</p>');
    // The same cleaning moved to another item of the store (its time set to match) is not sealed.
    for (const other of [{ identity: 'id:2' }, { sourceKey: 'feeds/b.xml' }])
      expect(reuseStoredCleaning({ ...itemWith({}), ...other }, KEY, undefined, SECRET)).toEqual(sanitized);
  });

  it('take no seal that is forged, cut short or not ASCII', () => {
    const key = itemWith({}).cleaned.key;
    for (const forged of [`${KEY}.${'A'.repeat(43)}`, key.slice(0, -1), `${KEY}.${'é'.repeat(43)}`])
      expect(reuseStoredCleaning(itemWith({ key: forged }), KEY, undefined, SECRET)).toEqual(sanitized);
  });

  it('are stale under other settings or for other content, sealed or not', () => {
    expect(storedCleaningOf(itemWith({}), 'b'.repeat(32))).toBeNull();
    expect(storedCleaningOf({ ...itemWith({}), changedAt: '2026-12-08T00:00:00.000Z' }, KEY)).toBeNull();
    expect(storedCleaningOf(itemWith({ key: KEY }), KEY)).toEqual(asStored);
  });

  it('seal the key, the item, the content time, the cover, the text and the HTML apart', () => {
    const seal = (fields: Partial<SealedCleaning>) =>
      storedCleaningKey(KEY, SECRET, { ...SEALED, ...fields });
    expect(storedCleaningKey(KEY, null, SEALED)).toBe(KEY);
    expect(seal({})).toMatch(/^a{32}\.[A-Za-z0-9_-]{43}$/);
    // Moving a character from one part into the next makes another seal.
    expect(seal({ cover: COVER.slice(0, -1), text: `g${TEXT}` })).not.toBe(seal({}));
    expect(seal({ text: TEXT.slice(0, -1), html: `e${HTML}` })).not.toBe(seal({}));
    expect(seal({ sourceKey: 'feeds/a.xm', identity: 'lid:1' })).not.toBe(seal({}));
    expect(seal({ from: '2026-12-07T10:00:00.001Z' })).not.toBe(seal({}));
  });
});
