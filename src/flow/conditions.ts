import { assertNever } from '../core/assert-never.ts';
import type { Condition } from './schema.ts';
import type { Answers, Json } from './types.ts';

/** Reads `name` or `name.path.to.field` from the answers. */
export function lookupAnswer(answers: Answers, path: string): Json | undefined {
  const [head, ...rest] = path.split('.');
  let value: Json | undefined = head === undefined ? undefined : answers[head];
  for (const key of rest) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** The value a test compares: a rating compares its score, a typed choice its text. */
function comparable(value: Json | undefined): Json | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('score' in value && 'item' in value) return value['score'];
    if ('text' in value && Object.keys(value).length === 1) return value['text'];
  }
  return value;
}

/** True when the condition holds for these answers and start parameters. */
export function evaluateCondition(
  condition: Condition,
  answers: Answers,
  params: Readonly<Record<string, string>>,
): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers, params));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers, params));
  if ('not' in condition) return !evaluateCondition(condition.not, answers, params);

  const raw =
    condition.answer !== undefined
      ? lookupAnswer(answers, condition.answer)
      : condition.param !== undefined
        ? params[condition.param]
        : undefined;
  const value = comparable(raw);
  const test = whichTest(condition);
  switch (test) {
    case 'equals':
      return value === condition.equals;
    case 'notEquals':
      return value !== condition.notEquals;
    case 'in':
      return (condition.in ?? []).some((v) => v === value);
    case 'notIn':
      return !(condition.notIn ?? []).some((v) => v === value);
    case 'includes':
      return Array.isArray(value) && value.includes(condition.includes ?? '');
    case 'answered': {
      const answered = value !== undefined && value !== null;
      return answered === condition.answered;
    }
    default:
      return assertNever(test, 'condition test');
  }
}

type TestName = 'equals' | 'notEquals' | 'in' | 'notIn' | 'includes' | 'answered';

function whichTest(
  c: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>,
): TestName {
  if (c.equals !== undefined) return 'equals';
  if (c.notEquals !== undefined) return 'notEquals';
  if (c.in !== undefined) return 'in';
  if (c.notIn !== undefined) return 'notIn';
  if (c.includes !== undefined) return 'includes';
  return 'answered';
}

/** Every answer name a condition reads (for the loader's reference check). */
export function conditionRefs(condition: Condition): Array<{ answer?: string; param?: string }> {
  if ('all' in condition) return condition.all.flatMap(conditionRefs);
  if ('any' in condition) return condition.any.flatMap(conditionRefs);
  if ('not' in condition) return conditionRefs(condition.not);
  return [{ answer: condition.answer, param: condition.param }];
}
