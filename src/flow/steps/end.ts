/** end: the last words, with buttons that start a flow afresh; the flow ends here. */
import { encodeGo } from '../callback-data.ts';
import type { AutoKind } from './step-kind.ts';

export const end: AutoKind<'end'> = {
  question: false,

  check(step, at, c) {
    c.checkLocalized(`${at}.text`, step.text);
    if (step.buttons?.length && !step.text)
      c.add(`${at}.buttons`, 'buttons need a text to go with');
    (step.buttons ?? []).forEach((b, j) => {
      c.checkLocalized(`${at}.buttons[${j}].label`, b.label);
      c.flowRef({ path: `${at}.buttons[${j}].flow`, flowId: b.flow });
    });
  },

  enter(step, ctx) {
    if (step.text) {
      const menu = (step.buttons ?? []).map((b) => [
        { label: ctx.turn.t(b.label), data: encodeGo(b.flow) },
      ]);
      ctx.turn.reply({ text: ctx.render(step.text), ...(menu.length ? { buttons: menu } : {}) });
    }
    return Promise.resolve({ type: 'end' });
  },
};
