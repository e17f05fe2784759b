/**
 * How an answer reads to a person: on the review screen and in `{{name}}` interpolation.
 */
import { formatIsoDateVi, isIsoDate, localDate, type IsoDate } from '../core/local-date.ts';
import { stringify } from './answer-text.ts';
import { lookupAnswer } from './conditions.ts';
import { renderTemplate } from './interpolate.ts';
import { MSG } from '../texts/flow.ts';
import { unitWord } from '../texts/report.ts';
import { msg } from '../texts/localized.ts';
import { stepById } from './flow-path.ts';
import type { Localized, Step } from './schema.ts';
import { isQuestion } from './schema.ts';
import { questionKind } from './steps/registry.ts';
import type { FlowFrame, Json, Lang, Flow } from './types.ts';

export { BUTTON_LINE, communeButtonLabel } from './answer-text.ts';

/** The answer of a question as a person reads it ('' when not answered); each kind says how. */
export function displayAnswer(
  step: Step,
  value: Json | undefined,
  frame: FlowFrame,
  lang: Lang,
): string {
  if (value === undefined) return '';
  if (value === null) return msg(MSG.reviewSkipped, lang);
  if (!isQuestion(step)) return stringify(value, lang);
  return questionKind(step).display(step, value, frame, lang);
}

/**
 * dd/mm/yyyy on the wall in Vietnam, from a YYYY-MM-DD local date or a full ISO 8601 instant
 * (with a time and a zone). Anything else is returned unchanged: `new Date()` would read an
 * already formatted "09/12/2026" as the US 12 September, so nothing else is parsed.
 */
export function formatDate(value: string): string {
  const iso: IsoDate | undefined = isIsoDate(value)
    ? value
    : ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime())
      ? localDate(new Date(value))
      : undefined;
  return iso ? formatIsoDateVi(iso) : value;
}

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
    if (filter === 'unit') return unitWord(out, lang);
    return out;
  });
}
