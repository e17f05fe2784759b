/**
 * What choice and multi share: the options shown (listed in the file or from a named source),
 * how an option's value reads, and the load checks of options, sources and `empty`.
 */
import { evaluateCondition } from '../conditions.ts';
import type { Next, StepOf } from '../schema.ts';
import type { FlowFrame, Lang } from '../types.ts';
import type { AskContext, CheckContext } from './step-kind.ts';

type OptionStep = StepOf<'choice'> | StepOf<'multi'>;

export type Shown =
  | { type: 'options'; options: Array<{ value: string; label: string }> }
  | { type: 'empty'; text: string; next: string | null };

/** The options to show now: the file's (those whose `when` holds), or the source's. */
export async function shownOptions(step: OptionStep, ctx: AskContext): Promise<Shown> {
  if (step.options) {
    const answers = ctx.pathAnswers();
    const options = step.options
      .filter((o) => !o.when || evaluateCondition(o.when, answers, ctx.state.params))
      .map((o) => ({ value: o.value, label: o.label[ctx.lang] }));
    return { type: 'options', options };
  }
  // A re-ask of the same question (a tick): what the source gave a moment ago will do.
  if (ctx.previous?.options) return { type: 'options', options: ctx.previous.options };
  const options = await ctx.callSource(step);
  if (options.length > 0) return { type: 'options', options };
  return {
    type: 'empty',
    text: step.empty?.text ? ctx.render(step.empty.text) : '',
    next: step.empty?.next ?? null,
  };
}

/** An option's label in the file, or the value itself (a source's labels are kept elsewhere). */
export function optionLabel(step: OptionStep, value: string, lang: Lang): string {
  const option = step.options?.find((o) => o.value === value);
  return option ? option.label[lang] : value;
}

/** A source's option label remembered when it was chosen, else the value. */
export function sourceLabel(step: OptionStep, value: string, frame: FlowFrame): string {
  return frame.labels?.[step.id] ?? value;
}

export function checkOptions(step: OptionStep, at: string, c: CheckContext): boolean {
  if ((step.options === undefined) === (step.source === undefined)) {
    c.add(at, 'give either options or source');
  }
  if (step.source !== undefined && !c.names.sources.includes(step.source)) {
    c.add(`${at}.source`, `unknown source '${step.source}' (known: ${list(c.names.sources)})`);
  }
  if (step.options === undefined && step.source === undefined) return false;
  const values = new Set<string>();
  (step.options ?? []).forEach((o, j) => {
    if (values.has(o.value)) c.add(`${at}.options[${j}].value`, `duplicate value '${o.value}'`);
    values.add(o.value);
    c.checkLocalized(`${at}.options[${j}].label`, o.label);
    if (o.when) c.checkCondition(`${at}.options[${j}].when`, o.when);
    if ('next' in o) c.checkNext(`${at}.options[${j}].next`, o.next as Next | undefined);
  });
  c.checkArgs(`${at}.args`, step.args);
  if (step.empty) {
    c.checkLocalized(`${at}.empty.text`, step.empty.text);
    if (step.empty.next !== undefined) c.checkStepRef(`${at}.empty.next`, step.empty.next);
  }
  return true;
}

export function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'none';
}
