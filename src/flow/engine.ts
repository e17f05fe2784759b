/**
 * The flow engine's public entry: flows are data (flows/*.yaml), behaviour is named (actions,
 * sources), and `advance` is a pure function of (registry, state, input, runtime).
 */
export { advance } from './advance.ts';
export { MAX_CALLBACK_BYTES } from './compact-replies.ts';
export { describeResume } from './describe-resume.ts';
export { parseFlowState } from './flow-state.ts';
export { loadFlows, createFlowRegistry, type FlowSourceFile } from './load-flows.ts';
export type { FlowNames } from './check-flow.ts';
export type * from './types.ts';
