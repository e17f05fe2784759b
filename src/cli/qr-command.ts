/**
 * `gopy qr --commune CODE [--counter ID] [--staff CODE] [--out DIR]`: the QR codes printed at a
 * commune. Without a counter it opens the quick commune rating (`r_<code>`); with one, the
 * micro-rating of a visit to that counter of the service centre (`q_<code>_<counter>[_<staff>]`).
 *
 * Writes two files: an SVG with the commune (and counter) as a caption under the code, ready to
 * print; and a PNG of the bare code. The PNG has no caption because drawing Vietnamese text into
 * pixels needs a font rasterizer that gopy does not ship; print the SVG for a captioned sign.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { assertNever } from '../core/assert-never.ts';
import { captionedQrSvg } from '../app/qr-sign.ts';
import { unitWord } from '../texts/report.ts';
import {
  deepLink,
  flagError,
  parseCommand,
  requireFlag,
  requireUnit,
  type AdminDatabase,
} from './officials-commands.ts';

export interface QrCommandDeps {
  prisma: AdminDatabase;
  /** The bot's username, with or without "@". */
  botUsername: string;
  print: (line: string) => void;
  /** Where files go unless --out says otherwise; './data/qr' by default. */
  outDir?: string;
  /**
   * gopy's public address (PUBLIC_URL): the same code also opens the commune's web chat page,
   * `<PUBLIC_URL>/chat/<code>?start=<payload>`, for citizens without Telegram.
   */
  publicUrl?: string;
}

/** What the QR of a commune or counter opens. */
export type QrTarget =
  | { type: 'commune'; unitCode: string }
  | { type: 'counter'; unitCode: string; counter: string; staff?: string };

export interface QrResult {
  payload: string;
  link: string;
  /** The web chat's address of the same payload, when gopy's public address is known. */
  webLink?: string;
  pngPath: string;
  svgPath: string;
}

/** Telegram's limit on a /start parameter, and the characters it allows. */
const MAX_PAYLOAD_LENGTH = 64;
const PAYLOAD_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Counter and staff codes are `_`-separated parts of the payload, so they may not hold `_`. */
const PART_PATTERN = /^[A-Za-z0-9-]{1,20}$/;

/** Runs `gopy qr …`; prints the deep link and the paths written, and returns them. */
export async function qrCommand(args: string[], deps: QrCommandDeps): Promise<QrResult> {
  const { values } = parseCommand('qr', args, {
    commune: { type: 'string' },
    counter: { type: 'string' },
    staff: { type: 'string' },
    out: { type: 'string' },
  });
  const counter = optionalPart('counter', values.counter);
  const staff = optionalPart('staff', values.staff);
  if (staff !== undefined && counter === undefined) {
    throw flagError('staff', 'chỉ dùng cùng --counter / only together with --counter');
  }
  const unit = await requireUnit(deps, requireFlag('qr', 'commune', values.commune), 'commune');
  const target: QrTarget =
    counter === undefined
      ? { type: 'commune', unitCode: unit.code }
      : {
          type: 'counter',
          unitCode: unit.code,
          counter,
          ...(staff === undefined ? {} : { staff }),
        };
  const payload = qrPayload(target);
  if (payload.length > MAX_PAYLOAD_LENGTH || !PAYLOAD_PATTERN.test(payload)) {
    throw flagError(
      counter === undefined ? 'commune' : 'counter',
      `liên kết quá dài (${payload.length}/${MAX_PAYLOAD_LENGTH}) / the start payload is too long`,
    );
  }
  const link = deepLink(deps.botUsername, payload);

  const caption = [unit.name, ...(counter === undefined ? [] : [`Quầy ${counter}`])];
  const hint =
    counter === undefined
      ? `Quét mã bằng Telegram để đánh giá chính quyền ${unitWord(unit.name)}`
      : 'Quét mã bằng Telegram để đánh giá buổi làm việc';
  const outDir = resolve(values.out ?? deps.outDir ?? './data/qr');
  await mkdir(outDir, { recursive: true });
  const base = fileBase(target);
  const pngPath = join(outDir, `${base}.png`);
  const svgPath = join(outDir, `${base}.svg`);
  const svg = captionedQrSvg(link, caption, hint);
  await writeFile(svgPath, svg);
  await writeFile(pngPath, renderPng(svg));

  deps.print(
    `Mã QR cho ${caption.join(' — ')} / QR code for ${unit.code}${counter === undefined ? '' : ` counter ${counter}`}`,
  );
  deps.print(`Liên kết / Link: ${link}`);
  const webLink = deps.publicUrl
    ? `${deps.publicUrl.replace(/\/+$/, '')}/chat/${unit.code}?start=${payload}`
    : undefined;
  if (webLink) deps.print(`Trang web (không cần Telegram) / Web chat: ${webLink}`);
  deps.print(`PNG (để in / to print): ${pngPath}`);
  deps.print(`SVG: ${svgPath}`);
  return { payload, link, ...(webLink ? { webLink } : {}), pngPath, svgPath };
}

/**
 * Draws the captioned SVG as a print-ready PNG (about 1,000 px wide). The font ships with gopy
 * (DejaVu Sans, from npm), so Vietnamese diacritics render the same on any machine, with no
 * system fonts installed.
 */
function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg.replace(/font-family="[^"]*"/, 'font-family="DejaVu Sans"'), {
    fitTo: { mode: 'width', value: 1000 },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

const FONT_DIR = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
const FONT_FILES = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

/** The /start payload of a QR target: `r_<code>` or `q_<code>_<counter>[_<staff>]`. */
export function qrPayload(target: QrTarget): string {
  switch (target.type) {
    case 'commune':
      return `r_${target.unitCode}`;
    case 'counter':
      return [
        'q',
        target.unitCode,
        target.counter,
        ...(target.staff === undefined ? [] : [target.staff]),
      ].join('_');
    default:
      return assertNever(target, 'QR target');
  }
}

function optionalPart(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (!PART_PATTERN.test(value)) {
    throw flagError(
      flag,
      `chỉ gồm chữ không dấu, số và "-", tối đa 20 ký tự / letters, digits and "-" only, at most 20 (got "${raw}")`,
    );
  }
  return value;
}

function fileBase(target: QrTarget): string {
  switch (target.type) {
    case 'commune':
      return `${target.unitCode}-rating`;
    case 'counter':
      return [
        target.unitCode,
        'counter',
        target.counter,
        ...(target.staff === undefined ? [] : [target.staff]),
      ].join('-');
    default:
      return assertNever(target, 'QR target');
  }
}
