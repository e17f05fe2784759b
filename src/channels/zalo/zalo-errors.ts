import { AppError } from '../../core/errors.ts';

/**
 * Zalo answered a call with a non-zero `error` (its codes are negative: -216 a dead access
 * token, -230 outside the reply window, -14014 a used refresh token…), or the call failed.
 */
export class ZaloApiError extends AppError {
  constructor(
    /** Zalo's error code; 0 when the call never got an answer (network, timeout, HTTP 5xx). */
    readonly zaloCode: number,
    message: string,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super('zalo_api', `${endpoint}: ${message} (${zaloCode})`, options);
  }
}

/** Zalo's code for an access token that is invalid or expired. */
export const ZALO_INVALID_TOKEN = -216;

/**
 * Codes that say the citizen cannot be written to now: no interaction yet, or the window of
 * 48 hours / 8 replies after their last message is used up. The message waits for their next.
 */
export const ZALO_WINDOW_CLOSED = new Set([-213, -230, -232]);
