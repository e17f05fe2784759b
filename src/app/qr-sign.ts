/**
 * The QR sign of a commune or counter: the code of a link with its caption under it, as SVG.
 * Shared by `gopy qr` (files to print) and the public board's A4 page.
 */
import QRCode from 'qrcode';
import { escapeHtml } from '../core/html.ts';

/**
 * An SVG of the QR code of `text` with centred caption lines under it (the first in bold) and a
 * smaller hint line. Units are QR modules, so the drawing scales to any print size.
 */
export function captionedQrSvg(text: string, caption: readonly string[], hint?: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const margin = 4;
  const side = size + margin * 2;
  const fontSize = Math.max(2.2, side / 16);
  const lineHeight = fontSize * 1.35;
  // Shrink a long line to the width of the code: an average glyph of a sans-serif font is
  // about 0.6 em wide (bold a little more), so this keeps a name like "Phường Bà Rịa – Vũng
  // Tàu" inside the sign without measuring text.
  const fit = (text: string, size: number, bold: boolean) =>
    Math.min(size, (side - 2) / ([...text].length * (bold ? 0.64 : 0.58)));
  const lines = [
    ...caption.map((c, i) => ({ text: c, bold: i === 0, size: fit(c, fontSize, i === 0) })),
    ...(hint === undefined
      ? []
      : [{ text: hint, bold: false, size: fit(hint, fontSize * 0.7, false) }]),
  ];
  const height = side + lines.length * lineHeight + margin;

  // One path of unit squares: small and crisp at any scale.
  let path = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.modules.get(row, col)) path += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  const texts = lines
    .map((l, i) => {
      const y = side + lineHeight * (i + 0.75);
      const weight = l.bold ? ' font-weight="bold"' : '';
      return `<text x="${fmt(side / 2)}" y="${fmt(y)}" font-size="${fmt(l.size)}"${weight} text-anchor="middle">${escapeHtml(l.text)}</text>`;
    })
    .join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${fmt(side)} ${fmt(height)}" width="${fmt(side * 10)}" height="${fmt(height * 10)}" shape-rendering="crispEdges">
  <rect width="100%" height="100%" fill="#fff"/>
  <path fill="#000" d="${path}"/>
  <g font-family="'Noto Sans', Roboto, Arial, sans-serif" fill="#000">
  ${texts}
  </g>
</svg>
`;
}

function fmt(n: number): string {
  return Number(n.toFixed(2)).toString();
}
