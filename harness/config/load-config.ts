import { readFileSync } from 'node:fs';
import { LineCounter, type Node, type Scalar, isScalar, parseDocument, visit } from 'yaml';
import { HarnessError } from '../errors.js';
import { type ConfigFile, ConfigSchema } from './schema.js';

/**
 * Reads conformance.yaml: YAML errors, `${VAR}` with an unset VAR, and schema violations all become one
 * E_CONFIG error naming file:line:col and the key path.
 */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HarnessError(
      'E_CONFIG',
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return parseConfigText(text, file, env);
}

export function parseConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const reason = firstError.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new HarnessError('E_CONFIG', `${where(firstError.pos[0])}: invalid YAML: ${reason}`);
  }
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      node.value = node.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
        const value = env[name];
        if (value === undefined)
          throw new HarnessError('E_CONFIG', `${where(node.range?.[0])}: environment variable ${name} is not set`);
        return value;
      });
    },
  });
  const data = doc.toJS() ?? {};
  const result = ConfigSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // For an unknown key, point at the key itself.
  const path: (string | number)[] = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const keyPath = unknownKey !== undefined ? [...path, unknownKey] : path;
  const node = locate(doc, keyPath, unknownKey !== undefined);
  const dotted = keyPath.length > 0 ? keyPath.join('.') : '(top level)';
  const message = unknownKey !== undefined ? 'unknown key' : issue.message;
  throw new HarnessError('E_CONFIG', `${where(node?.range?.[0])}: ${dotted}: ${message}`);
}

/** The node at a key path (or its key node, for unknown keys), falling back to the nearest ancestor. */
function locate(doc: ReturnType<typeof parseDocument>, path: (string | number)[], wantKey: boolean): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (wantKey && depth === path.length && depth > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      const pair = (parent as { items?: { key: unknown }[] } | undefined)?.items?.find(
        (item) => isScalar(item.key) && item.key.value === prefix.at(-1),
      );
      if (pair && isScalar(pair.key)) return pair.key;
      continue;
    }
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}
