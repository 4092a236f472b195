import { memoryOverRun } from './bench/memory.ts';
console.log(JSON.stringify(await memoryOverRun(1000, 600)));
