import { describe, expect, it } from 'vitest';
import { SIMULATOR_BOT_TOKEN, loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

describe('configuration', () => {
  it('has a Zalo channel only with all four ZALO_ variables, and names any missing one', () => {
    expect(loadConfig({}).zalo).toBeUndefined();
    const zalo = {
      ZALO_APP_ID: '3914256871234567890',
      ZALO_APP_SECRET: 'app-secret-123',
      ZALO_OA_SECRET_KEY: 'oa-secret-123',
      ZALO_REFRESH_TOKEN: 'refresh-token-123',
    };
    expect(loadConfig(zalo).zalo).toEqual({
      appId: '3914256871234567890',
      appSecret: 'app-secret-123',
      oaSecretKey: 'oa-secret-123',
      refreshToken: 'refresh-token-123',
      apiRoot: 'https://openapi.zalo.me',
      oauthRoot: 'https://oauth.zaloapp.com',
    });
    const { ZALO_OA_SECRET_KEY: _missing, ...partial } = zalo;
    expect(() => loadConfig(partial)).toThrow(/ZALO_OA_SECRET_KEY: is required/);
  });

  it('runs the simulator on embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.simulator).toBe(true);
    expect(c.botToken).toBe(SIMULATOR_BOT_TOKEN);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.http.port).toBe(3000);
    expect(c.telegram).toMatchObject({
      apiRoot: 'https://api.telegram.org',
      mode: 'polling',
      framework: 'grammy',
    });
  });

  it('talks to Telegram when a token is given, and treats empty variables as unset', () => {
    const c = loadConfig({ BOT_TOKEN: TOKEN, DATABASE_URL: '', TELEGRAM_API_ROOT: '' });
    expect(c.simulator).toBe(false);
    expect(c.botToken).toBe(TOKEN);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.telegram.apiRoot).toBe('https://api.telegram.org');
  });

  it('keeps the simulator on this machine and /metrics off the public port', () => {
    // The simulator lets anyone act as the commune chair.
    expect(loadConfig({}).http.host).toBe('127.0.0.1');
    expect(loadConfig({ SIMULATOR: 'true', BOT_TOKEN: TOKEN }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
    expect(loadConfig({ BOT_TOKEN: TOKEN }).http.host).toBe('0.0.0.0');
    expect(loadConfig({}).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
      port: 9100,
      host: '0.0.0.0',
    });
    expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
  });

  it('listens on the webhook URL path in webhook mode', () => {
    const c = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://gopy.example.gov.vn/hooks/tg',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
    });
    expect(c.telegram.webhookPath).toBe('/hooks/tg');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ BOT_TOKEN: 'not-a-token' }, 'BOT_TOKEN'],
    [{ TELEGRAM_MODE: 'push' }, 'TELEGRAM_MODE'],
    [{ TELEGRAM_FRAMEWORK: 'aiogram' }, 'TELEGRAM_FRAMEWORK'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ SIMULATOR: 'maybe' }, 'SIMULATOR'],
    [{ BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_URL'],
    [
      {
        BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: 'https://x.vn/h',
        TELEGRAM_WEBHOOK_SECRET: 'short',
      },
      'TELEGRAM_WEBHOOK_SECRET',
    ],
  ])('stops with a message naming the bad variable (%j)', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('is one of three modes, and a combination of variables that cannot work stops the start', () => {
    expect(loadConfig({}).mode).toBe('simulator');
    expect(loadConfig({ SIMULATOR: 'true', BOT_TOKEN: TOKEN }).mode).toBe('simulator');
    expect(loadConfig({ BOT_TOKEN: TOKEN }).mode).toBe('polling');
    const webhook = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://gopy.example.gov.vn/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
    });
    expect(webhook.mode).toBe('webhook');
    if (webhook.mode !== 'webhook') throw new Error('not webhook');
    expect(webhook.telegram.webhookSecret).toBe('a-long-enough-secret');

    // Real Telegram asked for, with no token to talk to it: it used to fail at the first call.
    expect(() => loadConfig({ SIMULATOR: 'false' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIMULATOR: 'false' })).toThrow(/\bBOT_TOKEN\b/);
    // The simulator polls its own fake Bot API: a webhook cannot reach it.
    for (const env of [
      { TELEGRAM_MODE: 'webhook' },
      {
        SIMULATOR: 'true',
        BOT_TOKEN: TOKEN,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: 'https://x.vn/h',
        TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
      },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/\bTELEGRAM_MODE\b/);
    }
  });

  it('parses booleans as words, not as truthy strings', () => {
    expect(loadConfig({ SIMULATOR: 'false', BOT_TOKEN: TOKEN }).simulator).toBe(false);
    expect(loadConfig({ SIMULATOR: 'true', BOT_TOKEN: TOKEN }).simulator).toBe(true);
  });

  it('is frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.telegram)).toBe(true);
  });
});
