/**
 * What an IT officer sees when a role is started without what it needs: the real CLI in a
 * directory holding only a .env file, as a deployment from .env.example would be.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const GOPY = resolve('bin/gopy.js');
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs `gopy ARGS` in a fresh directory with `dotEnv` as its .env and a bare environment. */
async function gopyWithDotEnv(dotEnv: string, args: string[]) {
  dir = await mkdtemp(join(tmpdir(), 'gopy-env-'));
  await writeFile(join(dir, '.env'), dotEnv);
  const env = { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test' };
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = execFile(process.execPath, [GOPY, ...args], { cwd: dir, env }, (_e, _o, stderr) =>
      done({ code: child.exitCode, stderr }),
    );
  });
}

describe('a role checks its configuration before starting', () => {
  it('a worker without a bot token refuses to start and says why; the rest came from .env', async () => {
    const { code, stderr } = await gopyWithDotEnv(
      'DATABASE_URL=postgresql://postgres@127.0.0.1:5432/gopy_not_used\nLOG_LEVEL=warn\n',
      ['worker'],
    );
    expect(code).toBe(1);
    expect(stderr).toContain('gopy worker delivers alerts and replies through Telegram');
    expect(stderr).toContain('BOT_TOKEN');
    // DATABASE_URL was read from .env: the worker does not ask for it.
    expect(stderr).not.toContain('DATABASE_URL');
  });

  it('a bad value in .env stops the start with the variable named', async () => {
    const { code, stderr } = await gopyWithDotEnv('PORT=eighty\n', ['start']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration:\n\s+PORT:/);
  });

  it('a command given --help prints its usage and runs nothing', async () => {
    // No .env of substance and no database: `seed` would fail (or seed) if it ran.
    for (const args of [
      ['seed', '--help'],
      ['start', '-h'],
      ['units', 'import', '--help'],
    ]) {
      const dotEnv = 'DATABASE_URL=postgresql://postgres@127.0.0.1:1/gopy_not_there\n';
      dir = await mkdtemp(join(tmpdir(), 'gopy-env-'));
      await writeFile(join(dir, '.env'), dotEnv);
      const env = { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test' };
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
        (done) => {
          const child = execFile(process.execPath, [GOPY, ...args], { cwd: dir, env }, (_e, out) =>
            done({ code: child.exitCode, stdout: out }),
          );
        },
      );
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toContain(`  ${args[0]}`);
      // Nothing was started or written: `start` would have made ./data for its database.
      expect(existsSync(join(dir, 'data'))).toBe(false);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
