/**
 * The simulator's update numbering, kept in a small JSON file under the data directory, so that
 * after `npm start` restarts the fake Bot API goes on from where it stopped, as Telegram does.
 * Starting again from 1 would hand gopy update ids it remembers as handled, and it would drop
 * them as duplicates: the citizen would get no answer.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { UpdateIdStore } from './fake-bot-api.ts';

export function createFileUpdateIdStore(file: string): UpdateIdStore {
  let next: Record<string, number> = read(file);
  return {
    load: (botId) => next[String(botId)],
    save(botId, nextUpdateId) {
      if (next[String(botId)] === nextUpdateId) return;
      next = { ...next, [String(botId)]: nextUpdateId };
      // Written whole and renamed into place: a crash mid-write leaves the old numbers, never
      // half a file. One small synchronous write per simulated message is nothing to a person.
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(next));
      renameSync(`${file}.tmp`, file);
    },
  };
}

function read(file: string): Record<string, number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {}; // first start
  }
  const parsed: unknown = JSON.parse(text);
  const out: Record<string, number> = {};
  if (parsed && typeof parsed === 'object')
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number') out[k] = v;
  return out;
}
