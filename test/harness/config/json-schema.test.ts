import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../harness/config/json-schema.js';

describe('shipped JSON Schema', () => {
  it('is the one generated from the zod schema (run `npm run schema` after changing it)', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../../schema/conformance.schema.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(configJsonSchema());
    expect(shipped.additionalProperties).toBe(false);
    expect(Object.keys(shipped.properties)).toEqual(
      expect.arrayContaining(['target', 'expect', 'seed', 'runs', 'suites', 'checks', 'load', 'reports']),
    );
  });
});
