import { z } from 'zod';
import { ConfigSchema } from './schema.js';

/** The JSON Schema of conformance.yaml, generated from the zod schema (one source of truth), for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ConfigSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'https://rtm-conformance.invalid/schema/conformance.schema.json',
    title: 'rtm-conformance configuration (conformance.yaml)',
  };
}
