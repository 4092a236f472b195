import { type Markup, html } from './markup.js';

/** An outcome as a coloured label. */
export function badge(status: string): Markup {
  return html`<span class="st ${status}">${status.toUpperCase()}</span>`;
}
