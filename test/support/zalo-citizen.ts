/**
 * A citizen on Zalo, as the fake Zalo OA shows them: what they do goes to gopy as Zalo's signed
 * webhook calls, what they read is what gopy sent through the OA's API. Each action waits until
 * gopy has handled the event (its row marked handled) and the harness has settled.
 */
import type { FakeZaloOa, ZaloOaMessage, ZaloUserInput } from '../../src/simulator/fake-zalo-oa.ts';
import { zaloId } from '../../src/simulator/fake-zalo-oa.ts';
import type { Harness } from './gopy-harness.ts';
import { until } from './until.ts';

export interface ZaloCitizen {
  userId: string;
  /** Does something in the chat; resolves once gopy handled it. Returns the msg_id. */
  act(input: ZaloUserInput): Promise<string | undefined>;
  say(text: string): Promise<void>;
  /** Taps the query button labelled `label` on the newest message that has it. */
  tap(label: string | RegExp): Promise<void>;
  messages(): ZaloOaMessage[];
  /** The number of the option labelled `label` in the newest message listing it. */
  numberOf(label: string): number;
  texts(): string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** The Harness env that points gopy's Zalo channel at the fake. */
export function zaloEnv(zalo: FakeZaloOa, refreshToken: string): Record<string, string> {
  return {
    ZALO_APP_ID: zalo.appId,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
    ZALO_REFRESH_TOKEN: refreshToken,
    ZALO_API_ROOT: zalo.url,
    ZALO_OAUTH_ROOT: zalo.url,
  };
}

export function zaloCitizen(h: Harness, zalo: FakeZaloOa, userId = zaloId()): ZaloCitizen {
  const messages = () => zalo.messagesTo(userId);
  const textOf = (m: ZaloOaMessage) => m.text ?? '';
  async function act(input: ZaloUserInput) {
    zalo.setWebhook(`${h.webUrl}/zalo/webhook`);
    // A person pauses between messages; the test does not (see the harness's humanPace).
    await h.gopy.flood.forget(`zalo:${userId}`);
    const call = await zalo.userSends(userId, input);
    if (call.status !== 200) throw new Error(`webhook answered ${call.status}: ${call.body}`);
    const key = call.msgId
      ? `msg:${call.msgId}`
      : `${input.type}:${userId}:${JSON.parse(call.event.raw).timestamp}`;
    await until(`zalo event ${key} handled`, async () => {
      const row = await h.db.prisma.zaloInboundEvent.findUnique({ where: { eventKey: key } });
      return row?.handledAt ?? undefined;
    });
    await h.settle();
    return call.msgId;
  }
  return {
    userId,
    act,
    async say(text) {
      await act({ type: 'text', text });
    },
    async tap(label) {
      const matches = (title: string) => {
        const bare = title.replace(/^\d+\.\s*/, '');
        return typeof label === 'string' ? bare === label : label.test(bare);
      };
      for (const m of [...messages()].reverse())
        for (const b of m.buttons ?? [])
          if (matches(b.title)) {
            // Zalo sends a query button's payload back as the user's text.
            await act({ type: 'text', text: b.payload });
            return;
          }
      throw new Error(
        `no Zalo button ${String(label)}; last: ${textOf(messages().at(-1) ?? { messageId: '', at: 0 })}`,
      );
    },
    messages,
    numberOf(label) {
      for (const m of [...messages()].reverse())
        for (const line of textOf(m).split('\n')) {
          const n = /^(\d+)\. (.*)$/.exec(line);
          if (n && n[2] === label) return Number(n[1]);
        }
      throw new Error(`no numbered option ${label}`);
    },
    texts: () => messages().map(textOf),
    async waitFor(pattern, timeoutMs = 15_000) {
      try {
        return await until(
          `Zalo message matching ${String(pattern)}`,
          () =>
            messages()
              .map(textOf)
              .find((t) => pattern.test(t)),
          timeoutMs,
        );
      } catch (err) {
        const last = messages().slice(-2).map(textOf).join('\n---\n');
        throw new Error(`${(err as Error).message}; last messages:\n${last}`);
      }
    },
  };
}
