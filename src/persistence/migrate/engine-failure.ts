/**
 * What the Wasm schema engine's rejections carry, in one shape: user-facing errors have a
 * P-code, connector errors only a message, and a Rust panic surfaces as a Wasm trap whose
 * message the panic hook recorded.
 */
import { takePanicMessage } from './wasm-schema-engine.ts';

export interface EngineFailure {
  message: string;
  /** Prisma's user-facing error code (P3009…), when the engine gave one. */
  errorCode?: string;
  /** Extra structured data of user-facing errors. */
  meta?: unknown;
  isPanic: boolean;
}

export function describeEngineFailure(error: unknown): EngineFailure {
  if (error instanceof WebAssembly.RuntimeError) {
    return { message: takePanicMessage() ?? error.message, isPanic: true };
  }
  const fields = typeof error === 'object' && error !== null ? error : {};
  const code: unknown = Reflect.get(fields, 'code');
  const meta: unknown = Reflect.get(fields, 'meta');
  const message = (error instanceof Error ? error.message : String(error)).trimEnd();
  return {
    message,
    ...(typeof code === 'string' && /^P\d{4}$/.test(code) ? { errorCode: code } : {}),
    ...(meta === undefined ? {} : { meta }),
    isPanic: false,
  };
}
