/**
 * HTML built by construction, the lit-html / htm way: `html` is a tagged template that escapes every
 * interpolated value unless it is Markup already (made by `html` itself, or by `trusted` for the page's own
 * constants). A string from the target cannot become live markup by someone forgetting to escape it.
 */
export class Markup {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** Any value a template may hold: markup stays, text is escaped, lists are joined, nothing is nothing. */
export type Interpolation = Markup | string | number | boolean | null | undefined | readonly Interpolation[];

export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Markup(out);
}

/** The page's own constant text (its CSS, its script, uPlot): never a string from a target. */
export function trusted(text: string): Markup {
  return new Markup(text);
}

/** JSON safe inside a <script> element, whatever strings the target put in it. */
export function scriptJson(value: unknown): Markup {
  return new Markup(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
