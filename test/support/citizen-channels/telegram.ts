/** A citizen on Telegram: a private chat with the bot on the fake Bot API (the harness's own). */
import { TOKEN, type Harness } from '../gopy-harness.ts';
import type { CitizenChannel, CitizenDriver } from '../citizen-driver.ts';

const COMMUNE = '12694';

function telegramCitizen(h: Harness, n: number): CitizenDriver {
  const text = (m: { text?: string; caption?: string } | undefined) => m?.text ?? m?.caption ?? '';
  return {
    channel: 'telegram',
    externalId: String(n),
    identifiers: [`Người dùng ${n}`, `tg://user?id=${n}`],
    open: (link = `c_${COMMUNE}`) => h.send(n, `/start ${link}`),
    send: (t) => h.send(n, t),
    press: (label) => h.press(n, label),
    photo: (bytes) => h.sendPhoto(n, undefined, n, bytes),
    location: (latitude, longitude) => h.sendLocation(n, latitude, longitude),
    contact: async (phone) => {
      await h.sendMessage(n, { contact: { phoneNumber: phone, userId: n } });
    },
    texts: async () => h.texts(n),
    last: async () => text(h.last(n)),
    buttons: async () => h.buttons(n),
    keyboardShown: async () => h.fake.changesSince(TOKEN, n, 0).keyboard !== undefined,
    waitFor: async (pattern, timeoutMs) => text(await h.waitForText(n, pattern, timeoutMs)),
  };
}

export const channel: CitizenChannel = {
  name: 'telegram',
  start: async () => ({
    env: {},
    citizen: telegramCitizen,
    close: async () => undefined,
  }),
};
