/** The fan-out delivery benchmark alone (`node --import tsx bench/delivery.ts [--quick]`); `npm run bench` runs it too. */
import { mkdirSync } from 'node:fs';
import { deliveryBench } from './delivery-vs-floor.js';

const out = new URL('../bench-results/', import.meta.url);
mkdirSync(out, { recursive: true });
await deliveryBench(process.argv.includes('--quick'), out);
