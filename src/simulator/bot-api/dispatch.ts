/**
 * One call, whatever the transport: validated against the Bot API spec, failed on demand, rate
 * limited, handled, recorded (and recorded as a violation when Telegram would refuse it).
 */
import { findMethod, validateParams } from '../bot-api-spec.ts';
import { UploadedFile } from '../request-body.ts';
import {
  ApiError,
  badRequest,
  type ApiErrorBody,
  type ApiResponse,
  type InjectedError,
  type RecordedCall,
  type Violation,
  type FakeBotState,
} from './types.ts';
import { isRecord } from './common.ts';
import type { Bots } from './bots.ts';
import type { Methods } from './methods.ts';
import type { RateLimiter } from './rate-limits.ts';

export function createDispatch(
  state: FakeBotState,
  deps: Pick<Bots, 'notify' | 'bot'> & Pick<Methods, 'handlers'> & Pick<RateLimiter, 'checkRate'>,
) {
  const { violationLog, failOnce, failRules } = state;
  const { validate, maxCalls } = state.config;
  const { notify, bot, handlers, checkRate } = deps;

  function record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const full: RecordedCall = { seq: ++state.callSeq, ...call };
    state.recorded.push(full);
    if (state.recorded.length > maxCalls)
      state.recorded = state.recorded.slice(state.recorded.length - maxCalls);
    return full;
  }

  function violation(v: Omit<Violation, 'seq'>): void {
    violationLog.push({ seq: state.callSeq + 1, ...v });
  }

  /**
   * Uploaded parts that are not parameters themselves (grammY names them randomly and refers to
   * them as `attach://<name>`): taken out of the parameters before validation.
   */
  function takeUploads(
    params: Record<string, unknown>,
    fieldNames: ReadonlySet<string>,
  ): Map<string, UploadedFile> {
    const uploads = new Map<string, UploadedFile>();
    for (const [k, v] of Object.entries(params)) {
      if (v instanceof UploadedFile && !fieldNames.has(k)) {
        uploads.set(k, v);
        delete params[k];
      }
    }
    return uploads;
  }

  /** Replaces `attach://name` strings (top level, in media arrays and media objects) by the uploads. */
  function resolveAttachments(
    params: Record<string, unknown>,
    uploads: ReadonlyMap<string, UploadedFile>,
  ): void {
    const resolve = (v: unknown): unknown => {
      if (typeof v !== 'string' || !v.startsWith('attach://')) return v;
      const file = uploads.get(v.slice('attach://'.length));
      if (!file)
        throw badRequest(`wrong file identifier/HTTP URL specified: "${v}" was not uploaded`);
      return file;
    };
    const resolveObject = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolve(v)]));
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v))
        params[k] = (v as unknown[]).map((item) => (isRecord(item) ? resolveObject(item) : item));
      else if (isRecord(v) && k !== 'reply_markup') params[k] = resolveObject(v);
      else params[k] = resolve(v);
    }
  }

  async function execute(
    token: string,
    methodName: string,
    rawParams: Record<string, unknown>,
    transport: RecordedCall['transport'],
    signal: AbortSignal,
  ): Promise<{ status: number; body: ApiResponse }> {
    const time = Date.now();
    const b = bot(token);
    const spec = findMethod(methodName);
    const params = { ...rawParams };
    // Telegraf puts the method name into multipart bodies; Telegram ignores it.
    if (transport === 'multipart' || transport === 'webhookReply') delete params.method;

    const finish = (
      body: ApiResponse,
      method: string,
      callParams: Record<string, unknown>,
    ): { status: number; body: ApiResponse } => {
      record({ token, method, params: callParams, transport, time, response: body });
      notify();
      return { status: body.ok ? 200 : body.error_code, body };
    };

    if (!spec) {
      const body: ApiErrorBody = { ok: false, error_code: 404, description: 'Not Found' };
      violation({
        token,
        method: methodName,
        kind: 'unknownMethod',
        description: `unknown method "${methodName}"`,
        params,
        time,
      });
      return finish(body, methodName, params);
    }
    const method = spec.name;
    let callParams = params;
    try {
      const uploads = takeUploads(params, new Set((spec.fields ?? []).map((f) => f.name)));
      if (validate) {
        const result = validateParams(spec, params);
        callParams = result.params;
        for (const issue of result.issues) {
          violation({
            token,
            method,
            kind:
              issue.severity === 'error'
                ? 'invalidParams'
                : issue.code === 'deprecatedParam'
                  ? 'deprecatedParam'
                  : 'unknownParam',
            description: issue.message,
            path: issue.path,
            params: callParams,
            time,
          });
        }
        const firstError = result.issues.find((i) => i.severity === 'error');
        if (firstError) throw new ApiError(400, `Bad Request: ${firstError.message}`);
      } else {
        callParams = validateParams(spec, params).params;
      }
      resolveAttachments(callParams, uploads);

      const injected = injectedFailure(token, method, callParams);
      if (injected) {
        const body: ApiErrorBody = {
          ok: false,
          error_code: injected.error_code,
          description: injected.description,
        };
        if (injected.parameters) body.parameters = injected.parameters;
        return finish(body, method, callParams);
      }
      checkRate(b, method, callParams);

      const handler = handlers[method];
      let result: unknown;
      if (handler) {
        result = await handler(b, callParams, signal);
      } else if (
        spec.returns.length === 1 &&
        (spec.returns[0] === 'Boolean' || spec.returns[0] === 'True')
      ) {
        result = true; // settings calls the fake does not model: accepted
      } else {
        throw new ApiError(
          501,
          `Not Implemented: the fake Bot API does not simulate ${method}`,
          'unsupported',
        );
      }
      if (method === 'getUpdates') {
        const body = result as ApiResponse;
        if (signal.aborted) return { status: 200, body }; // nobody is listening any more
        return finish(body, method, callParams);
      }
      return finish({ ok: true, result }, method, callParams);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const body: ApiErrorBody = {
        ok: false,
        error_code: err.errorCode,
        description: err.description,
      };
      if (err.parameters) body.parameters = err.parameters;
      if (err.violation)
        violation({
          token,
          method,
          kind: err.violation,
          description: err.description,
          params: callParams,
          time,
        });
      return finish(body, method, callParams);
    }
  }

  function injectedFailure(
    token: string,
    method: string,
    params: Record<string, unknown>,
  ): InjectedError | undefined {
    for (const rule of failRules) {
      const e = rule({ token, method, params });
      if (e) return e;
    }
    const i = failOnce.findIndex(
      (f) =>
        f.method.toLowerCase() === method.toLowerCase() &&
        (f.token === undefined || f.token === token),
    );
    const f = failOnce[i];
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) failOnce.splice(i, 1);
    return f.error;
  }

  return { record, violation, takeUploads, resolveAttachments, execute, injectedFailure };
}

export type Dispatch = ReturnType<typeof createDispatch>;
