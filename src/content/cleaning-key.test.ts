import { describe, expect, it } from 'vitest';
import { reuseStoredCleaning, storedCleaningKey, storedCleaningOf } from './cleaning-key.js';

const KEY = 'a'.repeat(32);
const SECRET = 'seal-secret-'.repeat(4);
const CHANGED = '2026-12-07T10:00:00.000Z';
// Not the sanitizer's output: sanitizing it again drops the handler, so its survival shows reuse.
const HTML = '<p onclick="alert(1)">article</p>';
const COVER = 'https://img.example.cn/a.jpg';

function itemWith(fields: Partial<{ html: string; cover: string; key: string; from: string }>) {
  const cleaning = { html: HTML, cover: COVER, from: CHANGED };
  return {
    changedAt: CHANGED,
    cleaned: { ...cleaning, key: storedCleaningKey(KEY, SECRET, cleaning), ...fields },
  };
}

describe('sealed stored cleanings', () => {
  it('are used as stored under the secret that sealed them', () => {
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, SECRET)).toEqual({ html: HTML, cover: COVER });
  });

  it('are sanitized again without the secret, under another, or when anything they cover changed', () => {
    const sanitized = { html: '<p>article</p>', cover: COVER };
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, null)).toEqual(sanitized);
    expect(reuseStoredCleaning(itemWith({}), KEY, undefined, 'other-secret-'.repeat(4))).toEqual(sanitized);
    const edited = itemWith({ html: `${HTML}<script>alert(2)</script>` });
    expect(reuseStoredCleaning(edited, KEY, undefined, SECRET)).toEqual(sanitized);
    const recovered = itemWith({ cover: 'https://evil.example/x.jpg' });
    expect(reuseStoredCleaning(recovered, KEY, undefined, SECRET)?.html).toBe('<p>article</p>');
    // A seal moved from another cleaning, or cut short, is no seal.
    const key = itemWith({}).cleaned.key;
    const unsealed = { html: HTML, cover: COVER, from: CHANGED, key: `${KEY}.${'A'.repeat(43)}` };
    expect(reuseStoredCleaning({ changedAt: CHANGED, cleaned: unsealed }, KEY, undefined, SECRET)).toEqual(
      sanitized,
    );
    const short = itemWith({ key: key.slice(0, -1) });
    expect(reuseStoredCleaning(short, KEY, undefined, SECRET)).toEqual(sanitized);
    const multibyte = itemWith({ key: `${KEY}.${'é'.repeat(43)}` });
    expect(reuseStoredCleaning(multibyte, KEY, undefined, SECRET)).toEqual(sanitized);
  });

  it('are stale under other settings or for other content, sealed or not', () => {
    expect(storedCleaningOf(itemWith({}), 'b'.repeat(32))).toBeNull();
    expect(storedCleaningOf({ ...itemWith({}), changedAt: '2026-12-08T00:00:00.000Z' }, KEY)).toBeNull();
    expect(storedCleaningOf(itemWith({ key: KEY }), KEY)).toEqual({ html: HTML, cover: COVER });
  });

  it('seal the key, the content time, the cover and the HTML apart', () => {
    const seal = (fields: { html: string; cover: string; from: string }) =>
      storedCleaningKey(KEY, SECRET, fields);
    const base = { html: HTML, cover: COVER, from: CHANGED };
    expect(storedCleaningKey(KEY, null, base)).toBe(KEY);
    expect(seal(base)).toMatch(/^a{32}\.[A-Za-z0-9_-]{43}$/);
    // Moving a character from the cover into the HTML makes another seal.
    const moved = { ...base, cover: COVER.slice(0, -1), html: `g${HTML}` };
    expect(seal(moved)).not.toBe(seal(base));
    expect(seal({ ...base, from: '2026-12-07T10:00:00.001Z' })).not.toBe(seal(base));
  });
});
