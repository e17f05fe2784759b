import { describe, expect, it } from 'vitest';
import { escapeHtml, html, htmlDocument, safe } from '../../../src/http/html.ts';

describe('html, the page template', () => {
  it('escapes what a citizen wrote, in text and in attributes', () => {
    const title = `<script>alert("x")</script> & 'Ổ gà'`;
    const out = html`<p title="${title}">${title}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Ổ gà&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Ổ gà&#39;</p>',
    );
    expect(out).not.toContain('<script>');
  });

  it('nests fragments and lists as markup, and renders nothing for null, undefined and booleans', () => {
    const rows = ['Đèn đường', '<b>'].map((name) => html`<li>${name}</li>`);
    const open = false;
    expect(html`<ul>${rows}</ul>${open && html`<b>mở</b>`}${null}${undefined}`.value).toBe(
      '<ul><li>Đèn đường</li><li>&lt;b&gt;</li></ul>',
    );
    expect(html`${3}/${safe('<svg></svg>')}`.value).toBe('3/<svg></svg>');
    expect(escapeHtml('`a`')).toBe('&#96;a&#96;');
  });

  it('makes a Vietnamese page for phones that links the base stylesheet', () => {
    const page = htmlDocument({
      title: 'Bảng <công khai>',
      body: html`<h1>Xã Đông Anh</h1>`,
    }).value;
    expect(page).toMatch(/^<!doctype html>\n<html lang="vi">/);
    expect(page).toContain(
      '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    );
    expect(page).toContain('<title>Bảng &lt;công khai&gt;</title>');
    expect(page).toContain('<link rel="stylesheet" href="/assets/gopy.css" />');
  });
});
