import { describe, expect, it } from 'vitest';
import { imageUrlSignature, signImageUrl, verifyImageUrl } from './url-signing.js';

// Known answers computed outside newsmill, so a change of the documented format (README "Image proxy":
// `<base>/i/<hmac>/<base64url(url)>`, hmac = HMAC-SHA256 of the URL's UTF-8 bytes, lowercase hex) fails
// here even though signing and verifying would still agree with each other:
//   printf '%s' "$url" | openssl dgst -sha256 -hmac "$secret"
//   printf '%s' "$url" | basenc --base64url -w0 | tr -d '='
const vectors = [
  {
    name: 'an ASCII URL',
    secret: 'newsmill-kat-secret',
    url: 'http://img.example.cn/a.jpg',
    hmac: '6e97cb6bf474d5c9c03782d6d246bcb92a2c555b1e1392433cb7fd4917cba985',
    encoded: 'aHR0cDovL2ltZy5leGFtcGxlLmNuL2EuanBn',
  },
  {
    name: 'a non-ASCII URL (signed as written, as UTF-8, not percent-encoded first)',
    secret: 'newsmill-kat-secret',
    url: 'https://img.example.cn/图片/新闻.jpg?w=640&h=480',
    hmac: '1ac59bae0fb6d2e016d8e249e2ea2b23680bae678b67a8513ea7bc6d21262c58',
    encoded: 'aHR0cHM6Ly9pbWcuZXhhbXBsZS5jbi_lm77niYcv5paw6Ze7LmpwZz93PTY0MCZoPTQ4MA',
  },
  {
    name: 'a non-ASCII secret (keyed by its UTF-8 bytes)',
    secret: '密钥-secret',
    url: 'https://example.com/x.png',
    hmac: '5d1fc530758220669d6e846f1333c9e81b40813e4ceddd0bd91e9705981503f9',
    encoded: 'aHR0cHM6Ly9leGFtcGxlLmNvbS94LnBuZw',
  },
];

describe('proxy URL signatures: known answers', () => {
  it.each(vectors)('signs $name in the documented format', ({ secret, url, hmac, encoded }) => {
    expect(imageUrlSignature(url, secret)).toBe(hmac);
    expect(signImageUrl(url, 'https://proxy.example.org/', secret)).toBe(
      `https://proxy.example.org/i/${hmac}/${encoded}`,
    );
    expect(signImageUrl(url, '', secret)).toBe(`/i/${hmac}/${encoded}`);
  });

  it.each(vectors)('verifies $name given in the documented format', ({ secret, url, hmac, encoded }) => {
    expect(verifyImageUrl(hmac, encoded, secret)).toBe(url);
  });

  it.each(vectors)('refuses $name when any part is altered', ({ secret, hmac, encoded }) => {
    const flipped = (hmac[0] === '0' ? '1' : '0') + hmac.slice(1);
    expect(verifyImageUrl(flipped, encoded, secret)).toBeNull();
    expect(verifyImageUrl(hmac.slice(0, 63), encoded, secret)).toBeNull();
    // The documented form is lowercase hex and unpadded base64url; other spellings are not accepted.
    expect(verifyImageUrl(hmac.toUpperCase(), encoded, secret)).toBeNull();
    expect(verifyImageUrl(hmac, `${encoded}=`, secret)).toBeNull();
    expect(verifyImageUrl(hmac, encoded, `${secret}x`)).toBeNull();
  });

  it('refuses base64url spellings that decode to the same URL but are not the canonical one', () => {
    const [ascii, , nonAsciiKey] = vectors;
    // An extra character that forms no whole byte, and unused low bits set in the last character.
    expect(verifyImageUrl(ascii!.hmac, `${ascii!.encoded}A`, ascii!.secret)).toBeNull();
    expect(
      verifyImageUrl(nonAsciiKey!.hmac, nonAsciiKey!.encoded.replace(/w$/, 'x'), nonAsciiKey!.secret),
    ).toBeNull();
  });
});
