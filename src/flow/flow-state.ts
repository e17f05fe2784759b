/**
 * The stored session, checked on the way in: it comes back from the database as JSON and may
 * be from an older build, so it is parsed, never trusted. A state this engine made in this
 * process and is handed back as it is (the sessions keep the state they saved) is not parsed
 * again: it was made to the schema, and the parse was a tenth of gopy's work per update.
 */
import { z } from 'zod';
import type { FlowFrame, FlowState, Json } from './types.ts';

/**
 * Any JSON value (an answer), by a plain check: zod's recursive union of six types was a
 * quarter of the state's parse, which runs on every update (bench:intake).
 */
const JsonValue = z.custom<Json>(isJson);

function isJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJson);
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value).every(isJson);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return false;
  }
}

const Frame = z.object({
  flowId: z.string().min(1),
  flowVersion: z.number().int(),
  stepId: z.string().min(1),
  nonce: z.string().regex(/^[a-z0-9]{6}$/),
  answers: z.record(z.string(), JsonValue),
  params: z.record(z.string(), z.string()),
  history: z.array(z.string()),
  labels: z.record(z.string(), z.string()).optional(),
  editing: z
    .object({
      reviewStepId: z.string(),
      targetStepId: z.string(),
      history: z.array(z.string()),
      /** The edit gave the target a new answer: what follows from it is worked out again. */
      changed: z.boolean().optional(),
      /** An action run again after the change found something else than before the edit. */
      rerunChanged: z.boolean().optional(),
    })
    .optional(),
  view: z
    .object({
      options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
      selected: z.array(z.string()).optional(),
      photos: z
        .array(
          z.object({
            fileId: z.string(),
            fileUniqueId: z.string().optional(),
            size: z.number().optional(),
          }),
        )
        .optional(),
      candidates: z
        .array(z.object({ code: z.string(), name: z.string(), province: z.string() }))
        .optional(),
      notFound: z.boolean().optional(),
    })
    .optional(),
  startedAt: z.string(),
});

const State = Frame.extend({
  v: z.literal(1),
  stack: z.array(z.object({ mode: z.enum(['call', 'jump']), frame: Frame })),
  updatedAt: z.string(),
});

/** The states advance() returned in this process (never changed after: it clones first). */
const made = new WeakSet<object>();

/** Notes a state advance() returns. */
export function madeHere(state: FlowState): void {
  made.add(state);
}

/** The state, or 'invalid' when the stored JSON is not a state this engine wrote. */
export function parseFlowState(value: unknown): FlowState | 'invalid' {
  if (typeof value === 'object' && value !== null && made.has(value)) return value as FlowState;
  const parsed = State.safeParse(value);
  return parsed.success ? parsed.data : 'invalid';
}

/**
 * A deep copy of a state. The state is plain JSON (it is stored as jsonb), so a walk over its
 * arrays and objects copies it; structuredClone did the same about ten times slower on Node 20
 * (it goes through the serializer), and it ran on every update (bench:intake).
 */
export function copyState(state: FlowState): FlowState {
  return copyJson(state as unknown as Json) as unknown as FlowState;
}

function copyJson(value: Json): Json {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) copy[key] = copyJson(value[key]!);
  return copy;
}

/** The running frame of a state (without the stack). */
export function frameOf(state: FlowState): FlowFrame {
  const { v: _v, stack: _stack, updatedAt: _u, ...frame } = state;
  return frame;
}

export function stateOf(frame: FlowFrame, stack: FlowState['stack'], now: Date): FlowState {
  return { ...frame, v: 1, stack, updatedAt: now.toISOString() };
}
