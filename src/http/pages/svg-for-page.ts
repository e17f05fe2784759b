/**
 * Makes a chart's SVG obey the pages' Content-Security-Policy (no `style` attributes, no inline
 * `<style>` without a nonce), which would otherwise drop the chart's font sizes: labels grow
 * and are cut off. ECharts writes text styles as `style="font-size:11px;font-family:…"`; SVG
 * takes the same properties as presentation attributes, which CSP leaves alone. Its `<style>`
 * only holds hover effects, which a printed chart does not need. The PDF keeps the SVG as drawn.
 */
// A value comes from inside a double-quoted attribute, so it holds no `"`: it is copied as is.

/** The CSS properties SVG also accepts as attributes (the ones charts use). */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
  'text-anchor',
  'dominant-baseline',
]);

export function svgForPage(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_all, css: string) =>
      css
        .split(';')
        .map((declaration) => {
          const at = declaration.indexOf(':');
          if (at < 0) return '';
          const name = declaration.slice(0, at).trim().toLowerCase();
          const value = declaration.slice(at + 1).trim();
          return PRESENTATION.has(name) && value !== '' ? ` ${name}="${value}"` : '';
        })
        .join(''),
    );
}
