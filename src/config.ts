/**
 * The only reader of process.env. Parses it once with zod into a frozen, typed Config; a bad
 * value stops the start with a message that names the variable.
 */
import { z } from 'zod';

/** "<count>/<seconds>", e.g. "15/10": at most count in any window of that many seconds. */
const rateSpec = z
  .string()
  .regex(/^\d+\/\d+$/, 'expected <messages>/<seconds>, e.g. 15/10')
  .transform((v) => {
    const [max, seconds] = v.split('/').map(Number) as [number, number];
    return { max, timeWindow: seconds * 1000 };
  })
  .refine((v) => v.max >= 1 && v.timeWindow >= 1000, 'at least 1 message per at least 1 second');
import { ConfigError } from './core/errors.ts';

const TELEGRAM_API_ROOT = 'https://api.telegram.org';

const schema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
      .optional(),
    BOT_USERNAME: z
      .string()
      .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram bot username, e.g. ubnd_xa_bot')
      .optional(),
    TELEGRAM_API_ROOT: z.url().default(TELEGRAM_API_ROOT),
    TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
    TELEGRAM_FRAMEWORK: z.enum(['grammy', 'telegraf']).default('grammy'),
    TELEGRAM_WEBHOOK_URL: z.url().optional(),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A–Z, a–z, 0–9, _ and -')
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
    DATA_DIR: z.string().default('./data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[\w-]+$/, 'letters, digits, _ and - only')
      .default('gopy'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    METRICS_HOST: z.string().default('127.0.0.1'),
    TRUST_PROXY: z.stringbool().default(false),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    SESSION_EXPIRY_HOURS: z.coerce.number().positive().default(72),
    OUTBOUND_PER_SECOND: z.coerce.number().int().min(1).max(30).default(25),
    DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(5).default(60),
    SIMULATOR: z.stringbool().optional(),
    PUBLIC_URL: z
      .url()
      .regex(/^https?:\/\//, 'must be an http(s):// URL')
      .optional(),
    PUBLIC_MIN_ANSWERS: z.coerce.number().int().min(1).default(30),
    // Web chat sends allowed per browser session and per IP: "<messages>/<seconds>".
    WEBCHAT_SESSION_LIMIT: rateSpec.prefault('15/10'),
    WEBCHAT_IP_LIMIT: rateSpec.prefault('120/60'),
    OPEN311_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    // Zalo Official Account (citizens on Zalo): all four or none.
    ZALO_APP_ID: z
      .string()
      .regex(/^\d+$/, 'must be the app id from developers.zalo.me (digits)')
      .optional(),
    ZALO_APP_SECRET: z.string().min(8).optional(),
    ZALO_OA_SECRET_KEY: z.string().min(8).optional(),
    ZALO_REFRESH_TOKEN: z.string().min(8).optional(),
    ZALO_API_ROOT: z.url().default('https://openapi.zalo.me'),
    ZALO_OAUTH_ROOT: z.url().default('https://oauth.zaloapp.com'),
    NODE_ENV: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    const zalo = [
      'ZALO_APP_ID',
      'ZALO_APP_SECRET',
      'ZALO_OA_SECRET_KEY',
      'ZALO_REFRESH_TOKEN',
    ] as const;
    if (zalo.some((k) => env[k] !== undefined))
      for (const k of zalo)
        if (env[k] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `is required with the other ZALO_ variables (${zalo.join(', ')})`,
          });
    // Which mode the variables ask for; a combination that cannot work stops the start here,
    // not at the first Bot API call.
    const simulator = env.SIMULATOR ?? !env.BOT_TOKEN;
    if (!simulator && !env.BOT_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_TOKEN'],
        message: 'is required with SIMULATOR=false (unset both to run the local simulator)',
      });
    if (env.TELEGRAM_MODE !== 'webhook') return;
    if (simulator) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_MODE'],
        message:
          'webhook needs BOT_TOKEN and SIMULATOR unset (the simulator polls its own fake Bot API)',
      });
      return;
    }
    if (!env.TELEGRAM_WEBHOOK_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_URL'],
        message: 'is required when TELEGRAM_MODE=webhook',
      });
    if (!env.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'is required when TELEGRAM_MODE=webhook',
      });
  });

export type Env = z.infer<typeof schema>;

interface TelegramCommon {
  readonly apiRoot: string;
  readonly framework: 'grammy' | 'telegraf';
  readonly webhookPath: string;
}
/** Long polling (development, small setups), and the simulator's fake Bot API. */
export interface TelegramPolling extends TelegramCommon {
  readonly mode: 'polling';
  readonly webhookUrl?: string;
  readonly webhookSecret?: string;
}
/** Telegram calls gopy (production): the URL and the secret it sends are known. */
export interface TelegramWebhook extends TelegramCommon {
  readonly mode: 'webhook';
  readonly webhookUrl: string;
  readonly webhookSecret: string;
}

/**
 * How gopy meets Telegram, one of three, decided once at start: `simulator` (no BOT_TOKEN, or
 * SIMULATOR=true: the local chat simulator on a fake Bot API, polled), `polling` or `webhook`
 * (a real bot token). Code that needs the webhook's URL narrows on `mode` and gets it typed.
 */
export type Config = CommonConfig & ModeConfig;

type ModeConfig =
  | { readonly mode: 'simulator'; readonly simulator: true; readonly telegram: TelegramPolling }
  | { readonly mode: 'polling'; readonly simulator: false; readonly telegram: TelegramPolling }
  | { readonly mode: 'webhook'; readonly simulator: false; readonly telegram: TelegramWebhook };

interface CommonConfig {
  /** The real bot's token; the simulator's is SIMULATOR_BOT_TOKEN. */
  readonly botToken: string;
  /**
   * The bot's username for deep links and QR codes (BOT_USERNAME); unset: asked from Telegram
   * (getMe) when needed. The simulator's is SIMULATOR_BOT_USERNAME.
   */
  readonly botUsername?: string;
  /** NODE_ENV=production: demo data is refused. */
  readonly production: boolean;

  /** Undefined: embedded PostgreSQL (PGlite) under dataDir. */
  readonly databaseUrl?: string;
  /** Connections to it per process; undefined: createPrismaClient's default (by CPU count). */
  readonly databasePoolSize?: number;
  readonly dataDir: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /**
   * The public HTTP port (webhook, health, simulator, pages). `trustProxy`: gopy sits behind a
   * reverse proxy whose X-Forwarded-* headers tell the client's address and HTTPS.
   */
  readonly http: { readonly port: number; readonly host: string; readonly trustProxy: boolean };
  /** Prometheus' /metrics, on its own port so it is never published with the public one. */
  readonly metrics: { readonly port: number; readonly host: string };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly sessionExpiryHours: number;
  readonly outboundPerSecond: number;
  readonly digestHour: number;
  readonly sweepIntervalSeconds: number;
  /**
   * Where browsers reach gopy (sign-in links, QR codes of the board), no trailing slash.
   * Unset: the local address (http://localhost:PORT), right for the simulator.
   */
  readonly publicUrl: string;
  /**
   * WEBCHAT_SESSION_LIMIT, WEBCHAT_IP_LIMIT: messages a web chat session and an IP may send per
   * window (the session's stays below the flood brake of 20 per 10 s).
   */
  readonly webChatLimits: {
    readonly perSession: { readonly max: number; readonly timeWindow: number };
    readonly perIp: { readonly max: number; readonly timeWindow: number };
  };
  /** PUBLIC_MIN_ANSWERS: fewer answers than this show "chưa đủ ý kiến" in public and in comparisons. */
  readonly publicMinAnswers: number;
  /** OPEN311_RATE_PER_MINUTE: requests per minute one Open311 api_key (or address) may make. */
  readonly open311PerMinute: number;
  /** The Zalo Official Account citizens may write to; undefined: no Zalo channel. */
  readonly zalo?: ZaloConfig;
}

export interface ZaloConfig {
  readonly appId: string;
  readonly appSecret: string;
  /** The OA's secret key: Zalo signs webhook calls with it. */
  readonly oaSecretKey: string;
  /** The refresh token the OA's authorisation gave; the stored pair starts from it. */
  readonly refreshToken: string;
  /** https://openapi.zalo.me (tests: the fake's URL). */
  readonly apiRoot: string;
  /** https://oauth.zaloapp.com (tests: the fake's URL). */
  readonly oauthRoot: string;
}

/** The token the simulator's fake Bot API knows the bot by. */
export const SIMULATOR_BOT_TOKEN = '100000:simulator-token-gopy-local-only';
/** The simulator bot's username, for deep links printed by admin commands. */
export const SIMULATOR_BOT_USERNAME = 'gopy_simulator_bot';

/** Parses the environment; throws ConfigError listing every bad variable by name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": docker compose and .env files write `VAR=` for optional ones.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const modal = modeOf(e);
  const simulator = modal.simulator;
  return deepFreeze<Config>({
    ...modal,
    botUsername: e.BOT_USERNAME?.replace(/^@/, ''),
    production: e.NODE_ENV === 'production',
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    // The simulator lets anyone act as the commune chair: it stays on this machine unless HOST
    // says otherwise.
    http: {
      port: e.PORT,
      host: e.HOST ?? (simulator ? '127.0.0.1' : '0.0.0.0'),
      trustProxy: e.TRUST_PROXY,
    },
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST },
    logLevel: e.LOG_LEVEL,
    sessionExpiryHours: e.SESSION_EXPIRY_HOURS,
    outboundPerSecond: e.OUTBOUND_PER_SECOND,
    digestHour: e.DIGEST_HOUR,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicMinAnswers: e.PUBLIC_MIN_ANSWERS,
    webChatLimits: { perSession: e.WEBCHAT_SESSION_LIMIT, perIp: e.WEBCHAT_IP_LIMIT },
    open311PerMinute: e.OPEN311_RATE_PER_MINUTE,
    ...(e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_OA_SECRET_KEY && e.ZALO_REFRESH_TOKEN
      ? {
          zalo: {
            appId: e.ZALO_APP_ID,
            appSecret: e.ZALO_APP_SECRET,
            oaSecretKey: e.ZALO_OA_SECRET_KEY,
            refreshToken: e.ZALO_REFRESH_TOKEN,
            apiRoot: e.ZALO_API_ROOT.replace(/\/+$/, ''),
            oauthRoot: e.ZALO_OAUTH_ROOT.replace(/\/+$/, ''),
          },
        }
      : {}),
  });
}

/** The mode the (already refined) variables ask for, with its token and Telegram settings. */
function modeOf(e: Env): ModeConfig & { botToken: string } {
  const polling: TelegramPolling = {
    mode: 'polling',
    apiRoot: e.TELEGRAM_API_ROOT,
    framework: e.TELEGRAM_FRAMEWORK,
    webhookPath: e.TELEGRAM_WEBHOOK_URL ? new URL(e.TELEGRAM_WEBHOOK_URL).pathname : '/telegram',
    webhookUrl: e.TELEGRAM_WEBHOOK_URL,
    webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
  };
  if ((e.SIMULATOR ?? !e.BOT_TOKEN) || !e.BOT_TOKEN)
    return { mode: 'simulator', simulator: true, botToken: SIMULATOR_BOT_TOKEN, telegram: polling };
  if (e.TELEGRAM_MODE === 'polling' || !e.TELEGRAM_WEBHOOK_URL || !e.TELEGRAM_WEBHOOK_SECRET)
    return { mode: 'polling', simulator: false, botToken: e.BOT_TOKEN, telegram: polling };
  return {
    mode: 'webhook',
    simulator: false,
    botToken: e.BOT_TOKEN,
    telegram: {
      ...polling,
      mode: 'webhook',
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
    },
  };
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}
