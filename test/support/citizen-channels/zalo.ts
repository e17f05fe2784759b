/**
 * A citizen on Zalo, against the project's fake Zalo OA: what they do reaches gopy as Zalo's
 * signed webhook calls, what they read is what gopy sent through the OA's API. Zalo has no deep
 * links into an OA chat and no keyboard under the input: a commune's poster tells the citizen
 * to type `/start <code>` (gopy's Zalo channel reads it as the start command), a choice is a
 * query button or its number typed, a phone number is typed.
 */
import {
  createFakeZaloOa,
  zaloId,
  type ZaloOaMessage,
} from '../../../src/simulator/fake-zalo-oa.ts';
import type { FakeZaloOa } from '../../../src/simulator/fake-zalo-oa.ts';
import type { Harness } from '../gopy-harness.ts';
import type { CitizenChannel, CitizenDriver } from '../citizen-driver.ts';
import { until } from '../until.ts';
import { zaloCitizen, zaloEnv } from '../zalo-citizen.ts';

const COMMUNE = '12694';

/** A message's numbered options ("1. Phản ánh"), in order: its buttons, or its typed list. */
function optionsOf(m: ZaloOaMessage): string[] {
  if (m.buttons?.length) return m.buttons.map((b) => b.title.replace(/^\d+\.\s*/, ''));
  const options: string[] = [];
  for (const line of (m.text ?? '').split('\n')) {
    const option = /^(\d+)\. (.*)$/.exec(line);
    if (option && Number(option[1]) === options.length + 1) options.push(option[2]!);
  }
  return options;
}

/**
 * A message's text without its numbered options and the hint under them: those are its buttons
 * (as `buttons()` reads them), as a Telegram message's text is without its keyboard.
 */
function textOf(m: ZaloOaMessage): string {
  const text = m.text ?? '';
  if (optionsOf(m).length === 0) return text;
  return text.replace(/\n\n(?:\d+\. .*\n)+\n(?:Ông\/Bà bấm nút|Ông\/Bà gõ số).*$/, '');
}

function zaloDriver(h: Harness, zalo: FakeZaloOa): CitizenDriver {
  const c = zaloCitizen(h, zalo, zaloId());
  const texts = () =>
    c
      .messages()
      .map(textOf)
      .filter((t) => t !== '');
  const driver: CitizenDriver = {
    channel: 'zalo',
    externalId: c.userId,
    identifiers: [c.userId],
    open: (link = `c_${COMMUNE}`) => c.say(`/start ${link}`),
    send: (text) => c.say(text),
    async press(label) {
      const matches = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
      // A Zalo citizen taps the query button when there is one (on any message still in the
      // chat); else types the option's number, which answers the newest list of options only.
      let newest = true;
      for (const m of [...c.messages()].reverse()) {
        const options = optionsOf(m);
        const i = options.findIndex(matches);
        const button = m.buttons?.[i];
        if (button) return void (await c.act({ type: 'text', text: button.payload }));
        if (i >= 0 && newest) return c.say(String(i + 1));
        if (options.length > 0) newest = false;
      }
      throw new Error(`no Zalo option ${String(label)}; last: ${await driver.last()}`);
    },
    photo: async (bytes) => {
      await c.act({ type: 'image', data: bytes, mimeType: 'image/png' });
    },
    location: async (latitude, longitude) => {
      await c.act({ type: 'location', latitude, longitude });
    },
    // Zalo shares no contact card with an OA: the citizen types the number.
    contact: (phone) => c.say(phone),
    texts: async () => texts(),
    last: async () => texts().at(-1) ?? '',
    async buttons() {
      const withOptions = [...c.messages()].reverse().find((m) => optionsOf(m).length > 0);
      return withOptions ? optionsOf(withOptions).map((o) => [o]) : [];
    },
    // Zalo has no keyboard of requests under the input.
    keyboardShown: async () => false,
    async waitFor(pattern, timeoutMs = 15_000) {
      try {
        return await until(
          `Zalo message matching ${String(pattern)}`,
          () => texts().findLast((t) => pattern.test(t)),
          timeoutMs,
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}; last: ${texts().slice(-2).join('\n---\n')}`);
      }
    },
  };
  return driver;
}

export const channel: CitizenChannel = {
  name: 'zalo',
  capabilities: { keyboard: false, oldChoices: false },
  async start() {
    const zalo = await createFakeZaloOa();
    return {
      env: zaloEnv(zalo, zalo.issueRefreshToken()),
      citizen: (h) => zaloDriver(h, zalo),
      close: () => zalo.close(),
    };
  },
};
