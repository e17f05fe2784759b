/**
 * Where a flow goes next, and which answers lie on the path the citizen actually took.
 */
import { evaluateCondition } from './conditions.ts';
import type { Condition, Next, Step } from './schema.ts';
import { isQuestion } from './schema.ts';
import type { Answers, Flow, FlowFrame, ItemAnswer, Json } from './types.ts';

/** The step after `index` in the file, or null at the end of the flow. */
export function successorId(flow: Flow, index: number): string | null {
  return flow.steps[index + 1]?.id ?? null;
}

export function stepById(flow: Flow, id: string): { step: Step; index: number } | undefined {
  const index = flow.index.get(id);
  if (index === undefined) return undefined;
  const step = flow.steps[index];
  return step ? { step, index } : undefined;
}

/**
 * Conditions read only the answers on the path: an answer left behind by Back or by an edit
 * that changed the branch must not steer the flow.
 */
export function holds(condition: Condition, flow: Flow, frame: FlowFrame): boolean {
  return evaluateCondition(condition, pathAnswers(flow, frame), frame.params);
}

function follow(
  flow: Flow,
  index: number,
  next: Next | undefined,
  frame: FlowFrame,
): string | null {
  if (next === undefined) return successorId(flow, index);
  if (typeof next === 'string') return next;
  for (const rule of next) {
    if (!rule.when || holds(rule.when, flow, frame)) return rule.to;
  }
  return successorId(flow, index);
}

/** The step that follows `step` once it holds `answer` (an option's own next wins). */
export function resolveNext(
  flow: Flow,
  step: Step,
  answer: Json | undefined,
  frame: FlowFrame,
): string | null {
  const index = flow.index.get(step.id) ?? flow.steps.length;
  if (step.kind === 'choice' && typeof answer === 'string' && step.options) {
    const option = step.options.find((o) => o.value === answer);
    if (option?.next !== undefined) return follow(flow, index, option.next, frame);
  }
  if (step.kind === 'end') return null;
  return follow(flow, index, step.next, frame);
}

/**
 * A commune question answered by the start parameter (a deep link): it was never asked, so
 * Back passes over it.
 */
export function isAutofilled(step: Step, frame: FlowFrame): boolean {
  if (step.kind !== 'commune') return false;
  const code = frame.params[step.param ?? 'unitCode'];
  const answer = frame.answers[step.id];
  return (
    code !== undefined &&
    answer !== null &&
    typeof answer === 'object' &&
    !Array.isArray(answer) &&
    answer['code'] === code
  );
}

/**
 * The answers on the path taken: answers of questions that are not in the history (left by
 * Back, or by an edit that changed the branch) are dropped. Results of actions are kept.
 */
export function pathAnswers(flow: Flow, frame: FlowFrame): Answers {
  const onPath = new Set(frame.history);
  const out: Answers = {};
  for (const [key, value] of Object.entries(frame.answers)) {
    const found = stepById(flow, key);
    if (found && isQuestion(found.step) && !onPath.has(key)) continue;
    out[key] = value;
  }
  return out;
}

/** Answers of the steps that declare a rating item, in the order of the flow. */
export function itemAnswers(flow: Flow, answers: Answers): ItemAnswer[] {
  const out: ItemAnswer[] = [];
  for (const step of flow.steps) {
    if (!('item' in step) || step.item === undefined) continue;
    const value = answers[step.id];
    if (value === undefined) continue;
    const base = {
      itemId: step.item,
      criterion: step.criterion ?? null,
      stepId: step.id,
    };
    if (step.kind === 'rating') {
      const score =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? value['score']
          : null;
      out.push({
        ...base,
        score: typeof score === 'number' ? score : null,
        choices: [],
        text: null,
      });
    } else if (Array.isArray(value)) {
      out.push({
        ...base,
        score: null,
        choices: value.filter((v) => typeof v === 'string'),
        text: null,
      });
    } else if (typeof value === 'string') {
      out.push({
        ...base,
        score: null,
        choices: step.kind === 'choice' ? [value] : [],
        text: step.kind === 'choice' ? null : value,
      });
    } else if (value !== null && typeof value === 'object' && typeof value['text'] === 'string') {
      out.push({ ...base, score: null, choices: [], text: value['text'] });
    } else {
      out.push({ ...base, score: null, choices: [], text: null });
    }
  }
  return out;
}
