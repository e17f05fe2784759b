/**
 * What one call of `advance` accumulates: the replies, a toast, and the registry and runtime it
 * works with. Lives only for that call.
 */
import type { Localized } from './schema.ts';
import type { Flow, FlowRegistry, FlowReply, FlowRuntime, FlowState, Lang } from './types.ts';

/** An action or a source threw: the turn is abandoned and the state left as it was. */
export class ActionFailed extends Error {
  constructor(
    readonly actionName: string,
    cause: unknown,
  ) {
    super(`flow action or source '${actionName}' failed`, { cause });
  }
}

export class Turn {
  readonly replies: FlowReply[] = [];
  toast: string | undefined;
  /** Said (with the keyboard removal) when the citizen leaves a location or contact question. */
  leaveNote: string | undefined;
  editInPlace = false;
  /** Automatic steps run this turn, to stop a flow that loops without asking anything. */
  steps = 0;

  constructor(
    readonly registry: FlowRegistry,
    readonly runtime: FlowRuntime,
  ) {}

  get lang(): Lang {
    return this.runtime.lang;
  }

  t(text: Localized): string {
    return text[this.runtime.lang];
  }

  reply(reply: FlowReply): void {
    this.replies.push(reply);
  }

  note(text: string): void {
    this.replies.push({ text });
  }

  /** The flow a state runs; the caller has checked that it exists. */
  flowOf(state: FlowState): Flow {
    const flow = this.registry.get(state.flowId, state.flowVersion);
    if (!flow) throw new Error(`flow ${state.flowId} v${state.flowVersion} is not loaded`);
    return flow;
  }

  get defaultFlowId(): string | undefined {
    const id = this.runtime.defaultFlowId === undefined ? 'main' : this.runtime.defaultFlowId;
    return id !== null && this.registry.get(id) ? id : undefined;
  }
}
