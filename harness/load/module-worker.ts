import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `name` (a module beside this one), from dist/ as JavaScript or, in tests and
 * development, from source through tsx.
 */
export function moduleWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData });
  const source = JSON.stringify(new URL(`./${name}.ts`, here).href);
  // tsx as this module resolves it: an eval'd worker would resolve a bare name from the working folder.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${source}); });`, {
    eval: true,
    workerData,
  });
}
