/**
 * A citizen on the web chat: one browser session (its token), talking to gopy through the API
 * the page's script uses, reading the conversation log as the page renders it. A deep link opens
 * the page of its commune with `?start=<link>`, as a QR code printed for the web would.
 */
import { webChatId } from '../../../src/channels/webchat/web-chat-intake.ts';
import type { Harness } from '../gopy-harness.ts';
import type { CitizenChannel, CitizenDriver } from '../citizen-driver.ts';
import { shownOf, textOf, webCitizen, type WebCitizen, type WebEntry } from '../web-chat-client.ts';

const COMMUNE = '12694';

function webDriver(h: Harness): CitizenDriver {
  let page: WebCitizen = webCitizen(h.webUrl, COMMUNE);
  const token = page.token;
  const chatId = webChatId(token);
  // The log as read so far. The route allows 300 reads a minute per session, so it is read
  // again only after the citizen did something (or while waiting for a message).
  const log: WebEntry[] = [];
  let stale = true;
  const refresh = async () => {
    log.push(...(await page.entries(log.at(-1)?.id ?? 0)));
    stale = false;
  };
  const shown = async () => {
    if (stale) await refresh();
    return shownOf(log);
  };
  /** One thing the citizen does, then gopy's answer (and what the queue sends at once). */
  const act = async (action: () => Promise<unknown>) => {
    await h.humanPause('web', chatId);
    await action();
    stale = true;
    await h.settle();
  };
  const ok = async (r: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await r;
    if (status !== 200) throw new Error(`web chat ${status}: ${JSON.stringify(body)}`);
  };

  const driver: CitizenDriver = {
    channel: 'web',
    externalId: chatId,
    identifiers: [chatId, token, 'web chat'],
    open: (link = `c_${COMMUNE}`) =>
      act(async () => {
        const commune = /^[crq]_(\d{5})/.exec(link)?.[1] ?? COMMUNE;
        page = webCitizen(h.webUrl, commune, token);
        await page.start(link);
      }),
    send: (text) => act(() => page.send(text)),
    async press(label) {
      // The page's buttons are those of the messages it shows: press on what was read last.
      await shown();
      const matches = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
      for (const e of shownOf(log).reverse())
        for (const row of e.payload.buttons ?? [])
          for (const b of row)
            if (b.type === 'callback' && matches(b.label))
              return act(() =>
                ok(page.post({ type: 'button', data: b.data, label: b.label, messageId: e.id })),
              );
      throw new Error(`no button ${String(label)}; last: ${await driver.last()}`);
    },
    photo: (bytes) => act(() => ok(page.photo(bytes))),
    location: (latitude, longitude) => act(() => page.location(latitude, longitude)),
    contact: (phone) => act(() => page.contact(phone)),
    texts: async () => (await shown()).map(textOf),
    last: async () => {
      const all = await shown();
      return all.length ? textOf(all.at(-1)!) : '';
    },
    async buttons() {
      const withButtons = (await shown()).filter((e) => e.payload.buttons?.length);
      return (withButtons.at(-1)?.payload.buttons ?? []).map((row) => row.map((b) => b.label));
    },
    async keyboardShown() {
      // The page shows the keyboard of the newest text that set or removed one.
      const setter = (await shown()).findLast((e) => e.payload.replyKeyboard !== undefined);
      return setter?.payload.replyKeyboard?.type === 'request';
    },
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await driver.texts()).findLast((t) => pattern.test(t));
        if (found !== undefined) return found;
        if (Date.now() > deadline)
          throw new Error(`web chat never showed ${String(pattern)}; last: ${await driver.last()}`);
        await new Promise((r) => setTimeout(r, 250));
        stale = true;
      }
    },
  };
  return driver;
}

export const channel: CitizenChannel = {
  name: 'web',
  start: async () => ({
    // The matrix's citizens all write from 127.0.0.1, faster than people: the per-IP and
    // per-session limits are tested in web-chat-browser.test.ts, not here.
    env: { WEBCHAT_SESSION_LIMIT: '1000/10', WEBCHAT_IP_LIMIT: '100000/60' },
    citizen: (h) => webDriver(h),
    close: async () => undefined,
  }),
};
