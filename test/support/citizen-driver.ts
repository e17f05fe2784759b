/**
 * A citizen on some channel, as the flow matrix (test/e2e/citizen-matrix.test.ts) drives them:
 * the same flow cases run on every channel a citizen may use, each through a driver that does
 * what a person does there (send a text, press a button, send a photo, a location, a phone
 * number) and reads what that person sees (texts, buttons, the keyboard under the input).
 *
 * A channel is one file in test/support/citizen-channels/ exporting `channel` (a
 * CitizenChannel): the matrix finds them there, so a new channel (Zalo) plugs in with that one
 * file and runs every case.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChannelName } from '../../src/channels/types.ts';
import type { Harness } from './gopy-harness.ts';

export interface CitizenDriver {
  readonly channel: ChannelName;
  /** The citizen's id on the channel (citizens.external_id in PostgreSQL). */
  readonly externalId: string;
  /**
   * What shows the citizen in a chat (their name, their id): none of it may reach an official
   * when they report anonymously or denounce.
   */
  readonly identifiers: string[];
  /**
   * Opens gopy by a deep link (a payload as Telegram's `?start=`): a commune's poster
   * `c_<code>` by default (the web chat's page of that commune), `r_<code>` a rating link,
   * `q_<code>_<counter>[_<staff>]` a counter's QR code.
   */
  open(link?: string): Promise<void>;
  /** Sends a text as typed (a command too); resolves once gopy has answered. */
  send(text: string): Promise<void>;
  /** Presses the button (exact label or RegExp) on the newest message that has it. */
  press(label: string | RegExp): Promise<void>;
  photo(bytes: Uint8Array): Promise<void>;
  location(latitude: number, longitude: number): Promise<void>;
  /** Shares a phone number the channel's own way (Telegram's contact, the web's phone field). */
  contact(phone: string): Promise<void>;
  /** What gopy shows the citizen, oldest first (edits applied). */
  texts(): Promise<string[]>;
  last(): Promise<string>;
  /** The button labels of the newest message with buttons, row by row. */
  buttons(): Promise<string[][]>;
  /** Whether a keyboard of requests (location, phone) is shown under the input. */
  keyboardShown(): Promise<boolean>;
  /** Waits until gopy shows a message matching (it may come later, through the queue). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export interface Capabilities {
  /** A keyboard of requests (location, phone) under the input. */
  keyboard: boolean;
  /** The same photo sent again is known as the same (Telegram's file_unique_id). */
  samePhoto: boolean;
  /** A choice of an earlier question can still be pressed (gopy then says it is too old). */
  oldChoices: boolean;
}

/** A channel under test, for the run of one harness. */
export interface ChannelRun {
  /** Configuration gopy needs for this channel (a fake server's address, generous limits). */
  env: Record<string, string>;
  /** Citizen number `n` of the run (distinct numbers are distinct people). */
  citizen(h: Harness, n: number): CitizenDriver;
  close(): Promise<void>;
}

export interface CitizenChannel {
  name: ChannelName;
  /** What the channel cannot do (true when left out); the matrix says so in the case's name. */
  capabilities?: Partial<Capabilities>;
  /** Starts what the channel needs besides gopy (a fake server), before the harness starts. */
  start(): Promise<ChannelRun>;
}

/** Every channel of test/support/citizen-channels/, Telegram first. */
export async function citizenChannels(): Promise<CitizenChannel[]> {
  const dir = resolve(import.meta.dirname, 'citizen-channels');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  const channels: CitizenChannel[] = [];
  for (const file of files) {
    const module = (await import(resolve(dir, file))) as { channel?: CitizenChannel };
    if (!module.channel) throw new Error(`${file} exports no channel`);
    channels.push(module.channel);
  }
  return channels.sort((a, b) => Number(b.name === 'telegram') - Number(a.name === 'telegram'));
}
