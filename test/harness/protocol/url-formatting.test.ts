import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatUrls, sameTextUpToUrlDetection } from '../../../harness/protocol/url-formatting.js';

const url = fc.webUrl({ validSchemes: ['http', 'https'] }).filter((u) => !/[<>|\s]/.test(u));
const word = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', 'é', '😀') });
const text = fc.array(fc.oneof(word, url), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '));

describe('protocol: URL detection', () => {
  test.prop([text])('a text is the same as itself once Slack formatted its URLs', (t) => {
    expect(sameTextUpToUrlDetection(t, formatUrls(t))).toBe(true);
  });

  test.prop([text, fc.constantFrom('x', 'changed', '')])(
    'a changed text is not the same, formatted or not',
    (t, extra) => {
      fc.pre(extra !== '');
      expect(sameTextUpToUrlDetection(t, formatUrls(t) + extra)).toBe(false);
    },
  );

  it('reads <URL|label> back as the label the user typed, and keeps links the user wrote', () => {
    expect(sameTextUpToUrlDetection('see https://a.example', 'see <https://a.example>')).toBe(true);
    expect(sameTextUpToUrlDetection('see <https://a.example|here>', 'see <https://a.example|here>')).toBe(true);
    expect(sameTextUpToUrlDetection('see https://a.example', 'see <https://b.example>')).toBe(false);
    expect(sameTextUpToUrlDetection('😀😀', '')).toBe(false);
  });
});
