/**
 * The shape of a flow file (flows/*.yaml), as zod schemas. This is the single source of truth:
 * the loader parses with it, and flows/flow.schema.json (for editors) is generated from it by
 * src/flow/write-json-schema.ts.
 *
 * What zod cannot see (step references, action and source names, interpolation names) is
 * checked by check-flow.ts after parsing.
 */
import { z } from 'zod';

const ID = /^[a-z][A-Za-z0-9_-]*$/;

export const Localized = z
  .strictObject({
    vi: z.string().min(1).describe('Vietnamese, with proper diacritics (NFC).'),
    en: z.string().min(1).describe('English.'),
  })
  .meta({
    id: 'Localized',
    description:
      'A text in both languages. Write it in YAML block style: a comma inside `{ vi: ..., en: ... }` splits the string.',
  });
export type Localized = z.infer<typeof Localized>;

export const StepId = z
  .string()
  .regex(ID, 'a step id starts with a lower-case letter and has letters, digits, - or _')
  .max(40);

const FlowId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'a flow id is lower-case letters, digits and -')
  .max(40);

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A condition on the answers (or on the start parameters). `answer` is a step id or the name a
 * `run` step stored its result under, optionally with a dotted path (`submit.deadlineDays`).
 */
export type Condition =
  | {
      answer?: string;
      param?: string;
      equals?: string | number | boolean;
      notEquals?: string | number | boolean;
      in?: Array<string | number | boolean>;
      notIn?: Array<string | number | boolean>;
      includes?: string;
      answered?: boolean;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const Test = z
  .strictObject({
    answer: z
      .string()
      .min(1)
      .optional()
      .describe('Step id or run result name, dotted path allowed.'),
    param: z.string().min(1).optional().describe('A start parameter (deep link), e.g. unitCode.'),
    equals: Scalar.optional(),
    notEquals: Scalar.optional(),
    in: z.array(Scalar).min(1).optional(),
    notIn: z.array(Scalar).min(1).optional(),
    includes: z.string().optional().describe('For multi-select answers: the value is selected.'),
    answered: z
      .boolean()
      .optional()
      .describe('true: the question was answered (not skipped); false: skipped or not asked.'),
  })
  .superRefine((t, ctx) => {
    if ((t.answer === undefined) === (t.param === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a condition names exactly one of answer or param' });
    }
    const tests = ['equals', 'notEquals', 'in', 'notIn', 'includes', 'answered'] as const;
    if (tests.filter((k) => t[k] !== undefined).length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a condition has exactly one test of ${tests.join(', ')}`,
      });
    }
  });

export const Condition: z.ZodType<Condition> = z
  .union([
    Test,
    z.strictObject({
      get all() {
        return z.array(Condition).min(1);
      },
    }),
    z.strictObject({
      get any() {
        return z.array(Condition).min(1);
      },
    }),
    z.strictObject({
      get not() {
        return Condition;
      },
    }),
  ])
  .meta({ id: 'Condition' });

export const NextRule = z
  .strictObject({
    when: Condition.optional().describe(
      'Taken when this holds; a rule without `when` always holds.',
    ),
    to: StepId,
  })
  .meta({ id: 'NextRule' });
export type NextRule = z.infer<typeof NextRule>;

export const Next = z.union([StepId, z.array(NextRule).min(1)]).meta({
  id: 'Next',
  description:
    'The step to go to: a step id, or rules tried in order. Without `next`, the following step in the file.',
});
export type Next = z.infer<typeof Next>;

/** Template args: `{{name}}` interpolation is allowed in the values. */
const Args = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.string());

const base = {
  id: StepId,
  when: Condition.optional().describe(
    'The step only runs when this holds; otherwise the flow goes on with the following step in the file.',
  ),
};

const question = {
  ...base,
  prompt: Localized.describe('The question. `{{name}}` interpolates answers and results.'),
  label: Localized.optional().describe('Short name of the answer on the review screen.'),
  optional: z.boolean().optional().describe('Offers "Bỏ qua" (skip). Default false.'),
  review: z.boolean().optional().describe('Shown on the review screen. Default true.'),
  mediaHint: Localized.optional().describe(
    'For a question where a photo, a recording, a location or a phone number reaches nobody (a ' +
      'menu): gopy says it was not sent, then this, how to send it (which button to press).',
  ),
  next: Next.optional(),
};

/** Ties an answer to a rating item (stored per item by saveRating). */
const itemFields = {
  item: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/)
    .max(60)
    .optional()
    .describe('Rating item id, e.g. c1.procedures-posted.'),
  criterion: z
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .describe('Criterion 1–5 of the model; none for the overall item.'),
};

export const ChoiceOption = z.strictObject({
  value: z.string().min(1).max(60),
  label: Localized,
  aliases: z
    .array(z.string().min(2).max(80))
    .max(10)
    .optional()
    .describe(
      'Other words a citizen may type for this option, in any language, matched as the label is (with or without diacritics): an earlier label, a common phrasing.',
    ),
  next: Next.optional().describe('Where this option leads (overrides the step next).'),
  when: Condition.optional().describe('The option is shown only when this holds.'),
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const Empty = z.strictObject({
  text: Localized.optional().describe('Said when the source gives no option.'),
  next: StepId.optional().describe('Where to go then; without it the flow ends.'),
});

export const TextRules = z.strictObject({
  minLength: z.number().int().min(1).optional(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  noLinks: z.boolean().optional().describe('Refuse text containing links.'),
  phone: z.boolean().optional().describe('A Vietnamese phone number; stored as 0xxxxxxxxx.'),
});
export type TextRules = z.infer<typeof TextRules>;

const Say = z.strictObject({
  ...base,
  kind: z.literal('say'),
  text: Localized,
  next: Next.optional(),
});

const Choice = z.strictObject({
  ...question,
  ...itemFields,
  kind: z.literal('choice'),
  options: z.array(ChoiceOption).min(1).max(30).optional(),
  source: z.string().min(1).optional().describe('A named source that lists the options.'),
  args: Args.optional().describe('Passed to the source.'),
  empty: Empty.optional(),
  allowText: z
    .union([z.boolean(), TextRules])
    .optional()
    .describe(
      'Accept a typed answer that matches no option, stored as { text }. Text shorter than minLength is taken as a failed try at a button.',
    ),
  columns: z.number().int().min(1).max(4).optional().describe('Buttons per row. Default 1.'),
});

const Rating = z.strictObject({
  ...question,
  ...itemFields,
  kind: z.literal('rating'),
  item: itemFields.item.unwrap(),
});

const Multi = z.strictObject({
  ...question,
  ...itemFields,
  kind: z.literal('multi'),
  options: z
    .array(ChoiceOption.omit({ next: true }))
    .min(1)
    .max(30)
    .optional(),
  source: z.string().min(1).optional(),
  args: Args.optional(),
  empty: Empty.optional(),
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(1).optional(),
  columns: z.number().int().min(1).max(4).optional(),
});

const Text = z.strictObject({
  ...question,
  ...itemFields,
  kind: z.literal('text'),
  validate: TextRules.optional(),
  literal: z
    .boolean()
    .optional()
    .describe(
      'A name: a typed "Huy" is the answer, not "cancel" (longer words like "hủy bỏ" still cancel).',
    ),
  param: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A start parameter holding text the person already typed (at the menu, say): when it passes `validate` it is the answer and the question is not asked; the review shows it and can change it.',
    ),
  voice: z
    .boolean()
    .optional()
    .describe(
      'A voice note answers it too (many elderly people speak rather than type), stored as { voice: { fileId, durationSeconds, … } }. On channels with voice notes the question says so.',
    ),
});

const Photo = z.strictObject({
  ...question,
  kind: z.literal('photo'),
  max: z.number().int().min(1).max(10).optional().describe('Default 5.'),
  min: z.number().int().min(1).optional(),
});

const Location = z.strictObject({
  ...question,
  kind: z.literal('location'),
  allowAddress: z.boolean().optional().describe('Accept a typed address. Default true.'),
});

const Contact = z.strictObject({
  ...question,
  kind: z.literal('contact'),
});

const Commune = z.strictObject({
  ...question,
  kind: z.literal('commune'),
  param: z.string().optional().describe('Start parameter holding a unit code. Default unitCode.'),
});

const Review = z.strictObject({
  ...question,
  kind: z.literal('review'),
  submitLabel: Localized.optional(),
});

const Run = z.strictObject({
  ...base,
  kind: z.literal('run'),
  action: z.string().min(1),
  args: Args.optional(),
  as: StepId.optional().describe('Name the result is stored under. Default: the step id.'),
  next: Next.optional(),
});

const FlowButton = z.strictObject({
  label: Localized,
  flow: FlowId,
});

const End = z.strictObject({
  ...base,
  kind: z.literal('end'),
  text: Localized.optional(),
  buttons: z
    .array(FlowButton)
    .max(4)
    .optional()
    .describe('Buttons that start a flow afresh (they work after this flow ended).'),
});

const Jump = z.strictObject({
  ...base,
  kind: z.literal('flow'),
  flow: FlowId,
  params: Args.optional().describe('Start parameters of the flow; `{{name}}` allowed.'),
  return: z
    .boolean()
    .optional()
    .describe('true: come back here when that flow ends and go on with next. Default false.'),
  next: Next.optional(),
});

export const Step = z.discriminatedUnion('kind', [
  Say,
  Choice,
  Rating,
  Multi,
  Text,
  Photo,
  Location,
  Contact,
  Commune,
  Review,
  Run,
  End,
  Jump,
]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export const QUESTION_KINDS = [
  'choice',
  'rating',
  'multi',
  'text',
  'photo',
  'location',
  'contact',
  'commune',
  'review',
] as const satisfies readonly StepKind[];
export type QuestionStep = StepOf<(typeof QUESTION_KINDS)[number]>;

export function isQuestion(step: Step): step is QuestionStep {
  return (QUESTION_KINDS as readonly string[]).includes(step.kind);
}

export const FlowFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: FlowId,
    version: z.number().int().min(1),
    title: Localized,
    activity: Localized.optional().describe(
      'What the citizen is doing, for "Ông/Bà đang … (bước 3/8)", e.g. gửi phản ánh.',
    ),
    busy: Localized.optional().describe(
      'What a citizen who asks for something else mid-flow is told they are doing, when ' +
        '"Ông/Bà đang {activity} dở." does not fit (looking, not half-way through sending).',
    ),
    cancellable: z
      .boolean()
      .default(true)
      .describe('false: no "✖ Hủy" button (a menu has nothing to cancel).'),
    steps: z.array(Step).min(1),
  })
  .meta({ title: 'gopy flow', description: 'One conversation of the gopy chat bot.' });
export type FlowFile = z.infer<typeof FlowFile>;
