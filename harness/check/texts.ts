import fc from 'fast-check';

/** Message texts real users send: unicode, emoji, URLs, quotes, mentions. Never empty, under 4000 characters. */
export const messageText: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.constantFrom(
      'Hello world',
      'Hello <@U123ABC>',
      'see https://example.com/a?b=1&c=2 now',
      '"quoted" \'single\' `code`',
      '🎉🚀 ünïcödé 漢字',
      'a\nb\tc',
    ),
    fc.tuple(fc.webUrl(), fc.string({ maxLength: 10 })).map(([u, s]) => `${s} ${u}`),
  )
  .filter((t) => t.trim().length > 0);
