/**
 * What the zod schema cannot see: references between steps, names of actions and sources,
 * interpolation names, Unicode normalisation. Each problem carries the path inside the file
 * (`steps[3].next`), so the loader can say exactly where to look.
 */
import { z } from 'zod';
import { conditionRefs } from './conditions.ts';
import { FILTERS, templateRefs } from './interpolate.ts';
import type { Condition, FlowFile, Next, Step, StepOf } from './schema.ts';
import { isQuestion } from './schema.ts';
import { list } from './steps/options.ts';
import { autoKind, questionKind } from './steps/registry.ts';
import type { CheckContext, FlowRef } from './steps/step-kind.ts';

export type { FlowRef } from './steps/step-kind.ts';
import type { ActionInputs } from './types.ts';

export interface FlowProblem {
  path: string;
  message: string;
}

export interface FlowNames {
  actions: readonly string[];
  sources: readonly string[];
  /**
   * What each action reads, as it declares it: a run step of an action whose required answers
   * no step provides (a step renamed) fails when the flows load, not in the middle of a chat.
   */
  inputs?: Readonly<Record<string, ActionInputs>>;
}

/** The flows another flow points to (jump steps, end buttons), with where they are named. */
export function checkFlow(
  flow: FlowFile,
  names: FlowNames,
): { problems: FlowProblem[]; flowRefs: FlowRef[] } {
  const problems: FlowProblem[] = [];
  const flowRefs: FlowRef[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (flow.steps.length > 999) add('steps', 'a flow has at most 999 steps');

  // Step ids and result names share one namespace: both are read as {{name}} and in conditions.
  const stepIds = new Set<string>();
  flow.steps.forEach((step, i) => {
    if (stepIds.has(step.id)) add(`steps[${i}].id`, `duplicate step id '${step.id}'`);
    if (step.id === 'params') add(`steps[${i}].id`, `'params' is reserved for start parameters`);
    stepIds.add(step.id);
  });
  const names_ = new Set(stepIds);
  flow.steps.forEach((step, i) => {
    if (step.kind === 'run' && step.as !== undefined && step.as !== step.id) {
      if (names_.has(step.as))
        add(`steps[${i}].as`, `'${step.as}' is already a step or result name`);
      if (step.as === 'params') add(`steps[${i}].as`, `'params' is reserved for start parameters`);
      names_.add(step.as);
    }
  });

  const checkStepRef = (path: string, id: string) => {
    if (!stepIds.has(id)) add(path, `unknown step '${id}'`);
  };
  const checkNext = (path: string, next: Next | undefined) => {
    if (next === undefined) return;
    if (typeof next === 'string') return checkStepRef(path, next);
    next.forEach((rule, r) => {
      checkStepRef(`${path}[${r}].to`, rule.to);
      if (rule.when) checkCondition(`${path}[${r}].when`, rule.when);
    });
  };
  const checkCondition = (path: string, condition: Condition) => {
    for (const ref of conditionRefs(condition)) {
      const head = ref.answer?.split('.')[0];
      if (head !== undefined && !names_.has(head))
        add(path, `unknown answer '${ref.answer ?? ''}'`);
    }
  };
  const checkText = (path: string, text: string) => {
    if (text.normalize('NFC') !== text) add(path, 'text is not in Unicode NFC form');
    for (const ref of templateRefs(text)) {
      if (ref.path === '{{') {
        add(path, "unbalanced '{{' or '}}'");
        continue;
      }
      const [head, ...rest] = ref.path.split('.');
      if (head === 'params') {
        if (rest.length !== 1) add(path, `'{{${ref.path}}}': write params.<name>`);
      } else if (head === undefined || !names_.has(head)) {
        add(path, `unknown name '{{${ref.path}}}'`);
      }
      if (ref.filter !== undefined && !(FILTERS as readonly string[]).includes(ref.filter)) {
        add(path, `unknown filter '${ref.filter}' (known: ${FILTERS.join(', ')})`);
      }
    }
  };
  const checkLocalized = (path: string, text: { vi: string; en: string } | undefined) => {
    if (!text) return;
    checkText(`${path}.vi`, text.vi);
    checkText(`${path}.en`, text.en);
  };
  const checkArgs = (path: string, args: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(args ?? {})) checkText(`${path}.${k}`, v);
  };

  checkLocalized('title', flow.title);
  checkLocalized('activity', flow.activity);
  checkLocalized('busy', flow.busy);

  function checkActionInputs(at: string, step: StepOf<'run'>) {
    const declared = names.inputs?.[step.action];
    if (!declared) return;
    for (const [key, schema] of Object.entries(declared.answers?.shape ?? {})) {
      if (isOptionalInput(schema) || names_.has(key)) continue;
      add(
        `${at}.action`,
        `action '${step.action}' reads the answer '${key}', but no step of this flow is named '${key}' (renamed?)`,
      );
    }
    const argShape = declared.args?.shape ?? {};
    for (const [key, value] of Object.entries(step.args ?? {})) {
      const schema = argShape[key];
      if (!schema) {
        add(
          `${at}.args.${key}`,
          `action '${step.action}' takes no arg '${key}' (known: ${list(Object.keys(argShape))})`,
        );
        continue;
      }
      // A literal value is checked now; one with {{name}} only when it runs.
      const literal = !value.includes('{{');
      const parsed = literal ? z.safeParse(schema, value) : undefined;
      if (parsed && !parsed.success) {
        add(`${at}.args.${key}`, `'${value}' is not a valid ${key} for '${step.action}'`);
      }
    }
    for (const [key, schema] of Object.entries(argShape)) {
      if (!isOptionalInput(schema) && step.args?.[key] === undefined)
        add(`${at}.args`, `action '${step.action}' needs the arg '${key}'`);
    }
  }

  const context: CheckContext = {
    add,
    checkLocalized,
    checkArgs,
    checkStepRef,
    checkNext,
    checkCondition,
    checkRules,
    flowRef: (ref) => flowRefs.push(ref),
    names,
    answerNames: names_,
    checkActionInputs,
  };

  function checkStep(step: Step, at: string) {
    if (isQuestion(step)) questionKind(step).check?.(step, at, context);
    else autoKind(step).check?.(step, at, context);
  }

  function checkRules(at: string, rules: { minLength?: number; maxLength?: number }) {
    if (
      rules.minLength !== undefined &&
      rules.maxLength !== undefined &&
      rules.minLength > rules.maxLength
    ) {
      add(`${at}.minLength`, 'minLength is larger than maxLength');
    }
  }

  const items = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (step.when) checkCondition(`${at}.when`, step.when);
    if ('next' in step) checkNext(`${at}.next`, step.next);
    if (isQuestion(step)) {
      checkLocalized(`${at}.prompt`, step.prompt);
      checkLocalized(`${at}.label`, step.label);
    }
    if ('item' in step && step.item !== undefined) {
      const seen = items.get(step.item);
      if (seen !== undefined)
        add(`${at}.item`, `item '${step.item}' is also asked by steps[${seen}]`);
      items.set(step.item, i);
    }
    checkStep(step, at);
  });

  return { problems, flowRefs };
}

/** An input the action can do without (`.optional()`, `.nullish()`, a default). */
function isOptionalInput(schema: z.core.$ZodType): boolean {
  return z.safeParse(schema, undefined).success;
}
