/**
 * What the zod schema cannot see: references between steps, names of actions and sources,
 * interpolation names, Unicode normalisation. Each problem carries the path inside the file
 * (`steps[3].next`), so the loader can say exactly where to look.
 */
import { assertNever } from '../core/assert-never.ts';
import { conditionRefs } from './conditions.ts';
import { FILTERS, templateRefs } from './interpolate.ts';
import type { Condition, FlowFile, Next, Step } from './schema.ts';
import { isQuestion } from './schema.ts';

export interface FlowProblem {
  path: string;
  message: string;
}

export interface FlowNames {
  actions: readonly string[];
  sources: readonly string[];
}

/** The flows another flow points to (jump steps, end buttons), with where they are named. */
export interface FlowRef {
  path: string;
  flowId: string;
}

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

  function checkStep(step: Step, at: string) {
    switch (step.kind) {
      case 'say':
        checkLocalized(`${at}.text`, step.text);
        return;
      case 'choice':
      case 'multi': {
        if ((step.options === undefined) === (step.source === undefined)) {
          add(at, 'give either options or source');
        }
        if (step.source !== undefined && !names.sources.includes(step.source)) {
          add(`${at}.source`, `unknown source '${step.source}' (known: ${list(names.sources)})`);
        }
        if (step.options === undefined && step.source === undefined) return;
        const values = new Set<string>();
        (step.options ?? []).forEach((o, j) => {
          if (values.has(o.value)) add(`${at}.options[${j}].value`, `duplicate value '${o.value}'`);
          values.add(o.value);
          checkLocalized(`${at}.options[${j}].label`, o.label);
          if (o.when) checkCondition(`${at}.options[${j}].when`, o.when);
          if ('next' in o) checkNext(`${at}.options[${j}].next`, o.next as Next | undefined);
        });
        checkArgs(`${at}.args`, step.args);
        if (step.empty) {
          checkLocalized(`${at}.empty.text`, step.empty.text);
          if (step.empty.next !== undefined) checkStepRef(`${at}.empty.next`, step.empty.next);
        }
        if (step.kind === 'multi') {
          if (step.min !== undefined && step.max !== undefined && step.min > step.max) {
            add(`${at}.min`, 'min is larger than max');
          }
          if (step.options && step.max !== undefined && step.max > step.options.length) {
            add(`${at}.max`, 'max is larger than the number of options');
          }
        }
        if (step.kind === 'choice' && typeof step.allowText === 'object') {
          checkRules(`${at}.allowText`, step.allowText);
        }
        return;
      }
      case 'text':
        if (step.validate) checkRules(`${at}.validate`, step.validate);
        return;
      case 'photo':
        if (step.min !== undefined && step.min > (step.max ?? 5))
          add(`${at}.min`, 'min is larger than max');
        return;
      case 'rating':
      case 'location':
      case 'contact':
      case 'commune':
        return;
      case 'review':
        checkLocalized(`${at}.submitLabel`, step.submitLabel);
        return;
      case 'run':
        if (!names.actions.includes(step.action)) {
          add(`${at}.action`, `unknown action '${step.action}' (known: ${list(names.actions)})`);
        }
        checkArgs(`${at}.args`, step.args);
        return;
      case 'end':
        checkLocalized(`${at}.text`, step.text);
        if (step.buttons?.length && !step.text)
          add(`${at}.buttons`, 'buttons need a text to go with');
        (step.buttons ?? []).forEach((b, j) => {
          checkLocalized(`${at}.buttons[${j}].label`, b.label);
          flowRefs.push({ path: `${at}.buttons[${j}].flow`, flowId: b.flow });
        });
        return;
      case 'flow':
        checkArgs(`${at}.params`, step.params);
        flowRefs.push({ path: `${at}.flow`, flowId: step.flow });
        return;
      default:
        return assertNever(step, 'step kind');
    }
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

  return { problems, flowRefs };
}

function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'none';
}
