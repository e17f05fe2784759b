import type { JudgementReadings } from '../ports/judgement-readings.ts';

/** What the judgement use cases need; built in container.ts. */
export interface JudgementDeps {
  readonly queries: JudgementReadings;
  /** PUBLIC_MIN_ANSWERS: below it, a figure is not shown in public or in comparisons. */
  readonly minAnswers: number;
  /** The bot's username (no "@"), for the rating link on the public board. */
  readonly botUsername: () => Promise<string>;
  readonly now: () => Date;
}
