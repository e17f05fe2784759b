/**
 * A thin client of Zalo's OA Open API over fetch (there is no official Node SDK): the calls
 * gopy makes, each with the OA's access token in the `access_token` header. A -216 (the token
 * is invalid or expired) gets a new token and the call is made once more.
 */
import { ZaloApiError, ZALO_INVALID_TOKEN } from './zalo-errors.ts';
import type { ZaloTokens } from './zalo-tokens.ts';

/** A customer-service message as /v3.0/oa/message/cs takes it. */
export type ZaloCsMessage = Record<string, unknown> & {
  text?: string;
  quote_message_id?: string;
};

export interface ZaloApi {
  /** Sends a customer-service message; returns Zalo's message id (a string). */
  sendCs(userId: string, message: ZaloCsMessage): Promise<string>;
  /** Uploads an image (JPEG, PNG or GIF, ≤ 1 MB); returns its attachment id. */
  uploadImage(data: Uint8Array, mimeType: string): Promise<string>;
}

export function createZaloApi(options: {
  /** https://openapi.zalo.me, or the fake's URL. */
  apiRoot: string;
  tokens: ZaloTokens;
  timeoutMs?: number;
}): ZaloApi {
  const root = options.apiRoot.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call(endpoint: string, body: () => BodyInit, json: boolean) {
    let token = await options.tokens.accessToken();
    for (let attempt = 1; ; attempt++) {
      let answer: { error?: unknown; message?: unknown; data?: Record<string, unknown> };
      try {
        const res = await fetch(`${root}${endpoint}`, {
          method: 'POST',
          headers: {
            access_token: token,
            ...(json ? { 'content-type': 'application/json' } : {}),
          },
          body: body(),
          signal: AbortSignal.timeout(timeoutMs),
        });
        answer = (await res.json()) as typeof answer;
      } catch (err) {
        throw new ZaloApiError(0, 'call failed', endpoint, { cause: err });
      }
      const code = typeof answer.error === 'number' ? answer.error : -1;
      if (code === 0) return answer.data ?? {};
      if (code === ZALO_INVALID_TOKEN && attempt === 1) {
        token = await options.tokens.replace(token);
        continue;
      }
      throw new ZaloApiError(
        code,
        typeof answer.message === 'string' ? answer.message : 'error',
        endpoint,
      );
    }
  }

  return {
    async sendCs(userId, message) {
      const data = await call(
        '/v3.0/oa/message/cs',
        () => JSON.stringify({ recipient: { user_id: userId }, message }),
        true,
      );
      return typeof data.message_id === 'string' ? data.message_id : '';
    },
    async uploadImage(bytes, mimeType) {
      const data = await call(
        '/v2.0/oa/upload/image',
        () => {
          const form = new FormData();
          const ext = mimeType.split('/')[1] ?? 'jpg';
          form.set('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), `photo.${ext}`);
          return form;
        },
        false,
      );
      if (typeof data.attachment_id !== 'string')
        throw new ZaloApiError(-1, 'no attachment_id', '/v2.0/oa/upload/image');
      return data.attachment_id;
    },
  };
}
