import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../harness/config/json-schema.js';

writeFileSync(
  new URL('../schema/conformance.schema.json', import.meta.url),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
