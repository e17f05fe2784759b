/**
 * `{{name}}`, `{{name.field}}` and `{{name | filter}}` in flow texts. Names are step ids, run
 * result names, or `params.x`; the loader checks them, so a typo fails at start.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w-]*(?:\.[\w-]+)*)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;

/**
 * `date`: dd/mm/yyyy. `lower`: lower case. `unit`: what a unit is, from its name as shown
 * («Phường Hiến Nam (Hưng Yên)» → «phường»; "ward"), so a flow names a ward or special zone as
 * what it is instead of «xã».
 */
export const FILTERS = ['date', 'lower', 'unit'] as const;
export type Filter = (typeof FILTERS)[number];

export interface TemplateRef {
  path: string;
  filter: string | undefined;
}

/** Every placeholder of a text, for the loader. Unclosed braces are reported as a ref to "{{". */
export function templateRefs(text: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) refs.push({ path: m[1] ?? '', filter: m[2] });
  const stray = text.replace(PLACEHOLDER, '');
  if (stray.includes('{{') || stray.includes('}}')) refs.push({ path: '{{', filter: undefined });
  return refs;
}

/** Replaces each placeholder with `resolve(path, filter)`. */
export function renderTemplate(
  text: string,
  resolve: (path: string, filter: string | undefined) => string,
): string {
  return text.replace(PLACEHOLDER, (_m, path: string, filter: string | undefined) =>
    resolve(path, filter),
  );
}
