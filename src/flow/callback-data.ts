/**
 * Button data the engine makes and later trusts only after checking: `<nonce>.<step>.<code>`
 * (the run, the step index, what was pressed), or `go:<flowId>` for a button that starts a flow
 * and works without any state. Always ≤ 64 bytes (Telegram's callback_data limit).
 */
import { assertNever } from '../core/assert-never.ts';

export type ButtonCode =
  | { type: 'option'; index: number }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'skip' }
  | { type: 'done' }
  | { type: 'submit' }
  | { type: 'edit'; stepIndex: number }
  | { type: 'candidate'; index: number }
  | { type: 'retry' }
  | { type: 'clear' };

export type ParsedButton =
  | { type: 'step'; nonce: string; stepIndex: number; code: ButtonCode }
  | { type: 'go'; flowId: string };

export const NONCE_LENGTH = 6;
const NONCE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function makeNonce(random: () => number): string {
  let nonce = '';
  for (let i = 0; i < NONCE_LENGTH; i++) {
    nonce += NONCE_ALPHABET[Math.floor(random() * NONCE_ALPHABET.length) % NONCE_ALPHABET.length];
  }
  return nonce;
}

export function encodeCode(code: ButtonCode): string {
  switch (code.type) {
    case 'option':
      return String(code.index);
    case 'back':
      return 'b';
    case 'cancel':
      return 'x';
    case 'skip':
      return 's';
    case 'done':
      return 'd';
    case 'submit':
      return 'ok';
    case 'edit':
      return `e${code.stepIndex}`;
    case 'candidate':
      return `c${code.index}`;
    case 'retry':
      return 'r';
    case 'clear':
      return 'k';
    default:
      return assertNever(code, 'button code');
  }
}

export function encodeButton(nonce: string, stepIndex: number, code: ButtonCode): string {
  return `${nonce}.${stepIndex}.${encodeCode(code)}`;
}

export function encodeGo(flowId: string): string {
  return `go:${flowId}`;
}

const STEP_DATA = /^([a-z0-9]{6})\.(\d{1,3})\.([a-z]{1,2}|[ec]\d{1,3}|\d{1,3})$/;
const GO_DATA = /^go:([a-z][a-z0-9-]{0,39})$/;

/** The button, or undefined for data the engine never makes. */
export function parseButton(data: string): ParsedButton | undefined {
  const go = GO_DATA.exec(data);
  if (go?.[1] !== undefined) return { type: 'go', flowId: go[1] };
  const m = STEP_DATA.exec(data);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  const code = decodeCode(m[3]);
  if (!code) return undefined;
  return { type: 'step', nonce: m[1], stepIndex: Number(m[2]), code };
}

function decodeCode(raw: string): ButtonCode | undefined {
  if (/^\d+$/.test(raw)) return { type: 'option', index: Number(raw) };
  if (/^e\d+$/.test(raw)) return { type: 'edit', stepIndex: Number(raw.slice(1)) };
  if (/^c\d+$/.test(raw)) return { type: 'candidate', index: Number(raw.slice(1)) };
  switch (raw) {
    case 'b':
      return { type: 'back' };
    case 'x':
      return { type: 'cancel' };
    case 's':
      return { type: 'skip' };
    case 'd':
      return { type: 'done' };
    case 'ok':
      return { type: 'submit' };
    case 'r':
      return { type: 'retry' };
    case 'k':
      return { type: 'clear' };
    default:
      return undefined;
  }
}
