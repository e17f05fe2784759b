import { AppError } from '../core/errors.ts';

/**
 * A channel refused or failed a call. The delivery worker steers on `reason`:
 * rate_limited waits retryAfterSeconds, blocked marks the recipient unreachable,
 * bad_request is permanent, network is retried.
 */
export class ChannelError extends AppError {
  constructor(
    readonly reason: 'rate_limited' | 'blocked' | 'bad_request' | 'network',
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(`channel_${reason}`, message, options);
  }
}
