/**
 * Helpers for tests that drive real bots against the fake Bot API: a tiny valid PNG, a local
 * webhook server, and start/stop of a grammY bot in long polling that waits until it polls.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import type { Bot } from 'grammy';
import type { FakeBotApi } from '../../src/simulator/fake-bot-api.ts';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG of the given size in one colour. */
export function makePng(
  width: number,
  height: number,
  rgb: [number, number, number] = [200, 30, 40],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => rgb).flat()),
  ]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface TestHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A plain node:http server on a free port (for webhook endpoints). */
export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestHttpServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts `bot` in long polling and resolves once it is waiting in getUpdates, so injected
 * updates are picked up. Returns the stop function.
 */
export async function startPolling(
  bot: Bot,
  api: FakeBotApi,
  token: string,
): Promise<() => Promise<void>> {
  void bot.start({ timeout: 5 });
  await api.waitFor(() => api.isPolling(token), 5000);
  return () => bot.stop();
}

/** A person starts the bot with /start; gives the labels of the menu it answers with, joined. */
export async function menuAfterStart(fake: FakeBotApi, token: string, chatId: number) {
  fake.injectMessage(token, { chatId, from: { id: chatId, first_name: 'Lan' }, text: '/start' });
  const menu = await fake.waitFor(
    () => fake.messagesTo(token, chatId).find((m) => m.reply_markup?.inline_keyboard?.length),
    20_000,
  );
  return menu
    .reply_markup!.inline_keyboard.flat()
    .map((b) => b.text)
    .join(' | ');
}
