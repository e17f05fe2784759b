/**
 * The one error base of gopy. Expected outcomes are values; an AppError is a surprise that
 * carries what is needed to act on it. Boundaries translate it (the bot answers kindly, the
 * worker decides whether to retry).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super('config', message);
  }
}

/** A flow file is invalid; the message names the file and the path inside it. */
export class FlowLoadError extends AppError {
  constructor(message: string) {
    super('flow_load', message);
  }
}

/** Two writers raced for the same row and this one lost; the caller reloads and retries. */
export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}
