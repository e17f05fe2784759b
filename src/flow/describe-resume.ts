/**
 * One line for "continue or start over?": "Ông/Bà đang gửi phản ánh (bước 3/9)." The caller
 * decides when a session is old enough to ask; this only says what it was.
 */
import { isAutofilled, holds } from './flow-path.ts';
import { parseFlowState } from './flow-state.ts';
import { MSG } from '../texts/flow.ts';
import { msg } from '../texts/localized.ts';
import { isQuestion } from './schema.ts';
import type { FlowRegistry, FlowState, Lang } from './types.ts';

export function describeResume(
  registry: FlowRegistry,
  state: FlowState | undefined,
  lang: Lang = 'vi',
): string | undefined {
  if (state === undefined) return undefined;
  const parsed = parseFlowState(state);
  if (parsed === 'invalid') return undefined;
  const flow = registry.get(parsed.flowId, parsed.flowVersion) ?? registry.get(parsed.flowId);
  if (!flow) return undefined;
  const activity = flow.activity
    ? flow.activity[lang]
    : flow.title[lang].toLocaleLowerCase(lang === 'vi' ? 'vi-VN' : 'en-US');

  // Steps: the questions asked so far, plus this one; the total counts the questions whose
  // conditions hold for the answers given (later branches may still change it).
  const asked = new Set<string>();
  for (const id of parsed.history) {
    const i = flow.index.get(id);
    const step = i === undefined ? undefined : flow.steps[i];
    if (step && isQuestion(step) && !isAutofilled(step, parsed)) asked.add(id);
  }
  asked.delete(parsed.stepId);
  const step = asked.size + 1;
  let total = 0;
  for (const s of flow.steps) {
    if (!isQuestion(s) || isAutofilled(s, parsed)) continue;
    if (s.when && !holds(s.when, flow, parsed)) continue;
    total++;
    // A choice not answered yet whose options jump elsewhere (e.g. "rate in detail?") decides
    // what follows: count no further, rather than promise questions that may never come.
    const branches = s.kind === 'choice' && (s.options ?? []).some((o) => o.next !== undefined);
    if (branches && !(s.id in parsed.answers)) break;
  }
  return msg(MSG.resume, lang, { activity, step, total: Math.max(total, step) });
}
