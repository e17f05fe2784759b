import { describe, expect, it } from 'vitest';
import { isCi, skipBrowserTests } from '../../support/chromium.ts';

describe('browser tests and Chromium', () => {
  it('run under CI even without Chromium, so that a missing browser fails them', () => {
    expect(skipBrowserTests('x', { chromium: false, ci: true })).toBe(false);
  });
  it('run wherever Chromium is installed', () => {
    expect(skipBrowserTests('x', { chromium: true, ci: false })).toBe(false);
  });
  it('are skipped only on a machine without Chromium outside CI', () => {
    expect(skipBrowserTests('x', { chromium: false, ci: false })).toBe(true);
  });
  it('read CI as CI services set it', () => {
    // Called one by one: `.map(isCi)` with an undefined would fall back to this process's CI.
    expect(['true', '1', 'TRUE', 'yes'].map((v) => isCi(v))).toEqual([true, true, true, true]);
    expect(['', '0', 'false', 'FALSE'].map((v) => isCi(v))).toEqual([false, false, false, false]);
  });
});
