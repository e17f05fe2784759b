/**
 * Every step kind and its module. Adding a kind to the schema without a module here is a type
 * error; adding one is a file beside this one and a line below.
 */
import type { QuestionStep, Step, StepKind } from '../schema.ts';
import { choice } from './choice.ts';
import { commune } from './commune.ts';
import { contact } from './contact.ts';
import { end } from './end.ts';
import { flow } from './flow.ts';
import { location } from './location.ts';
import { multi } from './multi.ts';
import { photo } from './photo.ts';
import { rating } from './rating.ts';
import { review } from './review.ts';
import { run } from './run.ts';
import { say } from './say.ts';
import type { AutoKind, QuestionKind, StepKindModule } from './step-kind.ts';
import { text } from './text.ts';

export const STEP_KINDS: { readonly [K in StepKind]: StepKindModule<K> } = {
  say,
  choice,
  rating,
  multi,
  text,
  photo,
  location,
  contact,
  commune,
  review,
  run,
  end,
  flow,
};

/**
 * The module of a question's kind, typed for that step. (TypeScript cannot relate a step's
 * `kind` to the registry's entry by itself; the registry's type above guarantees they match.)
 */
export function questionKind<S extends QuestionStep>(step: S): QuestionKind<S['kind']> {
  return STEP_KINDS[step.kind] as unknown as QuestionKind<S['kind']>;
}

/** The module of any step, for steps that ask nothing. */
export function autoKind<S extends Exclude<Step, QuestionStep>>(step: S): AutoKind<S['kind']> {
  return STEP_KINDS[step.kind] as unknown as AutoKind<S['kind']>;
}
