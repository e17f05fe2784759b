/**
 * Where the browser tests find Chromium (Debian's package), and whether they run. On a developer's
 * machine without it they are skipped with a warning; under CI (`CI` set, as `.ci/run` does, and
 * `.ci/run` installs Chromium) they always run, so a missing browser fails them instead of
 * letting them pass by not running.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** `CI` as CI services set it ("true", "1"); "false", "0" or empty is not CI. */
export function isCi(value: string | undefined = process.env['CI']): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** True: skip the browser tests (only outside CI, when Chromium is missing). */
export function skipBrowserTests(
  file: string,
  found: { chromium: boolean; ci: boolean } = { chromium: existsSync(CHROMIUM), ci: isCi() },
): boolean {
  if (found.chromium) return false;
  if (found.ci) return false;
  console.warn(`${file}: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return true;
}

/** Throws (failing the suite) when Chromium is missing: called first in the browser tests. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests cannot run (apt-get install -y chromium; .ci/run installs it)`,
    );
}
