/**
 * How an answer reads to a person: on the review screen and in `{{name}}` interpolation.
 */
import { assertNever } from '../core/assert-never.ts';
import { localDate } from '../core/local-date.ts';
import { formatPhone } from '../core/vi-text.ts';
import { lookupAnswer } from './conditions.ts';
import { renderTemplate } from './interpolate.ts';
import { MSG, msg, scaleLabel } from './messages.ts';
import { stepById } from './flow-path.ts';
import type { Localized, Step } from './schema.ts';
import { isQuestion } from './schema.ts';
import type { Flow, FlowFrame, Json, Lang } from './types.ts';

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function optionLabel(step: Step, value: string, frame: FlowFrame, lang: Lang): string {
  if ((step.kind === 'choice' || step.kind === 'multi') && step.options) {
    const option = step.options.find((o) => o.value === value);
    if (option) return option.label[lang];
  }
  return value;
}

/** The answer of a question as a person reads it ('' when not answered). */
export function displayAnswer(
  step: Step,
  value: Json | undefined,
  frame: FlowFrame,
  lang: Lang,
): string {
  if (value === undefined) return '';
  if (value === null) return msg(MSG.reviewSkipped, lang);
  switch (step.kind) {
    case 'choice':
      if (typeof value === 'string') {
        return step.options
          ? optionLabel(step, value, frame, lang)
          : (frame.labels?.[step.id] ?? value);
      }
      return isObject(value) && typeof value['text'] === 'string' ? value['text'] : '';
    case 'rating': {
      const score = isObject(value) ? value['score'] : null;
      return typeof score === 'number' ? scaleLabel(score, lang) : msg(MSG.reviewSkipped, lang);
    }
    case 'multi':
      if (!Array.isArray(value)) return '';
      if (!step.options) return frame.labels?.[step.id] ?? stringify(value, lang);
      return value
        .map((v) => (typeof v === 'string' ? optionLabel(step, v, frame, lang) : ''))
        .join(', ');
    case 'photo':
      return Array.isArray(value) ? msg(MSG.reviewPhotos, lang, { count: value.length }) : '';
    case 'location':
      if (isObject(value) && typeof value['address'] === 'string') return value['address'];
      return msg(MSG.reviewMap, lang);
    case 'commune':
      return isObject(value) ? formatCommune(value) : '';
    case 'text':
      return typeof value === 'string' ? value : '';
    case 'contact':
      return typeof value === 'string' ? formatPhone(value) : '';
    case 'say':
    case 'review':
    case 'run':
    case 'end':
    case 'flow':
      return stringify(value, lang);
    default:
      return assertNever(step, 'step kind');
  }
}

export function formatCommune(unit: { [key: string]: Json }): string {
  const name = typeof unit['name'] === 'string' ? unit['name'] : '';
  const province = typeof unit['province'] === 'string' ? unit['province'] : '';
  return province ? `${name} (${province})` : name;
}

/** Characters a one-line button shows on a phone. */
export const BUTTON_LINE = 36;

/**
 * "Xã Bắc Đông Hưng – Hưng Yên": the commune and its province without "Tỉnh"/"Thành phố", and
 * the commune alone when even that is too long for a one-line button.
 */
export function communeButtonLabel(name: string, province: string): string {
  const short = province.replace(/^(Tỉnh|Thành phố|TP\.?)\s+/u, '');
  const both = short ? `${name} – ${short}` : name;
  return [...both].length <= BUTTON_LINE ? both : name;
}

function stringify(value: Json | undefined, lang: Lang): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean')
    return lang === 'vi' ? (value ? 'có' : 'không') : value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => stringify(v, lang)).join(', ');
  return JSON.stringify(value);
}

/**
 * dd/mm/yyyy on the wall in Vietnam, from a YYYY-MM-DD local date or a full ISO 8601 instant
 * (with a time and a zone). Anything else is returned unchanged: `new Date()` would read an
 * already formatted "09/12/2026" as the US 12 September, so nothing else is parsed.
 */
export function formatDate(value: string): string {
  const iso = ISO_LOCAL_DATE.test(value)
    ? value
    : ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime())
      ? localDate(new Date(value))
      : undefined;
  if (!iso) return value;
  const [y, m, d] = iso.split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}

const ISO_LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A flow text in `lang` with `{{name}}`, `{{name.field}}`, `{{params.x}}` and filters filled in. */
export function renderText(text: Localized, flow: Flow, frame: FlowFrame, lang: Lang): string {
  return renderString(text[lang], flow, frame, lang);
}

export function renderString(template: string, flow: Flow, frame: FlowFrame, lang: Lang): string {
  return renderTemplate(template, (path, filter) => {
    const [head, ...rest] = path.split('.');
    let out: string;
    if (head === 'params') {
      out = frame.params[rest.join('.')] ?? '';
    } else {
      const found = head === undefined ? undefined : stepById(flow, head);
      if (found && rest.length === 0 && isQuestion(found.step)) {
        out = displayAnswer(found.step, frame.answers[found.step.id], frame, lang);
      } else {
        out = stringify(lookupAnswer(frame.answers, path), lang);
      }
    }
    if (filter === 'date') return formatDate(out);
    if (filter === 'lower') return out.toLocaleLowerCase(lang === 'vi' ? 'vi-VN' : 'en-US');
    return out;
  });
}
