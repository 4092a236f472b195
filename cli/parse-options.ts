import { InvalidArgumentError } from 'commander';

/** A commander parser for an integer flag within bounds; the error names the flag. */
export function intOption(flag: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${flag} expects an integer, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${flag} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --insecure is said out loud on every run, on stderr. */
export function warnIfInsecure(insecure: boolean | undefined): void {
  if (insecure)
    process.stderr.write(
      'rtm-conformance: WARNING: --insecure: TLS certificates are NOT verified; anyone on the path can impersonate the target\n',
    );
}
