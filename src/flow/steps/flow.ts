/** flow: opens another flow; with `return: true` this one goes on when that one ends. */
import type { AutoKind } from './step-kind.ts';

export const flow: AutoKind<'flow'> = {
  question: false,

  check(step, at, c) {
    c.checkArgs(`${at}.params`, step.params);
    c.flowRef({ path: `${at}.flow`, flowId: step.flow });
  },

  enter(step, ctx) {
    const params = { ...ctx.state.params };
    for (const [k, v] of Object.entries(step.params ?? {})) params[k] = ctx.renderString(v);
    return Promise.resolve({
      type: 'open',
      flowId: step.flow,
      params,
      returns: step.return === true,
    });
  },
};
