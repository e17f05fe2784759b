/** The fake Bot API's one state object, empty, with the options resolved. */
import type { FakeBotApiOptions, FakeBotState } from './types.ts';

export function createState(options: FakeBotApiOptions): FakeBotState {
  return {
    options,
    config: {
      validate: options.validate ?? true,
      retryInitial: options.webhookRetry?.initialMs ?? 100,
      retryMax: options.webhookRetry?.maxMs ?? 2000,
      webhookTimeoutMs: options.webhookTimeoutMs ?? 30_000,
      maxCalls: options.maxRecordedCalls ?? 10_000,
      firstUpdateId: options.firstUpdateId ?? 1,
    },
    bots: new Map(),
    files: new Map(),
    filesByPath: new Map(),
    recorded: [],
    violationLog: [],
    deliveries: [],
    listeners: new Set(),
    failOnce: [],
    failRules: new Set(),
    limits: undefined,
    callSeq: 0,
    changeSeq: 0,
    fileCounter: 0,
    closed: false,
    closing: new AbortController(),
    openPolls: new Set(),
  };
}
