/**
 * One owner per embedded database. PGlite is PostgreSQL in one process: a second process that
 * opens the same folder (`npx gopy officials invite` beside a running `npm start`) writes behind
 * the first one's back, the first never sees it, and two writers can corrupt the data. So
 * whoever opens the folder holds `gopy.lock` in DATA_DIR, holding its pid. A lock whose process
 * is gone (a crash, a kill -9) is stale and taken over. Never inside DATA_DIR/pglite itself:
 * PGlite creates a new database only in an empty folder (database.ts).
 *
 * Hand-written rather than a lock library: proper-lockfile and its kind judge staleness by the
 * file's age and need a refresh timer; a pid checked with `kill(pid, 0)` is exact on one
 * machine, which is the only place an embedded database lives.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';

export const LOCK_FILE = 'gopy.lock';

/** The folder is in use by another live process. */
export class DataDirLockedError extends AppError {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      'database_locked',
      `The embedded database in ${dir} is in use by another gopy (pid ${pid}). ` +
        'Only one process may open it: stop that gopy first (Ctrl+C in its terminal), or run gopy ' +
        'on PostgreSQL (DATABASE_URL=postgresql://…) so that the bot and the admin commands share one database. ' +
        `(If no gopy is running, delete ${join(dir, LOCK_FILE)}.)`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the folder's lock or throws DataDirLockedError. `dir` must exist. */
export function lockDataDir(dir: string, pid = process.pid): DataDirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${pid}\n`, { flag: 'wx' });
      return {
        release() {
          // Only our own lock: a process that took over a lock it thought stale keeps its own.
          if (holderOf(path) === pid) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = holderOf(path);
    if (holder !== undefined && isAlive(holder)) throw new DataDirLockedError(dir, holder);
    // Stale (its process is gone) or unreadable: remove it and try once more; if another
    // process took it in between, the second `wx` fails and names that process.
    try {
      unlinkSync(path);
    } catch {
      // someone else removed it first
    }
  }
  const holder = holderOf(path);
  throw new DataDirLockedError(dir, holder ?? 0);
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; still a live holder.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
