/**
 * The composition root: builds every adapter and use case from the config, and nothing else.
 * Only this file and main.ts/cli import everything. Start order is build order; stop() runs in
 * reverse, once.
 */
import { resolve } from 'node:path';
import {
  createCitizenActions,
  ACTION_INPUTS,
  ACTION_NAMES,
  SOURCE_NAMES,
} from './app/citizen-actions.ts';
import { createCitizenConversation } from './app/citizen-conversation.ts';
import { createJudgement } from './app/judgement/judgement.ts';
import { createHandleInbound, type HandleInbound } from './app/handle-inbound.ts';
import { createOfficialDesk } from './app/official-desk.ts';
import { createFollowersRepository } from './persistence/followers-repository.ts';
import { refreshAlerts } from './app/desk/alert-updates.ts';
import { lateAlertsAfterSent, redrawLateAlerts } from './app/desk/late-alerts.ts';
import { describeAction } from './app/alert-message.ts';
import { createDeliveryOutcomes } from './app/delivery-outcomes.ts';
import { createRerouteUnreachable } from './app/reroute-unreachable.ts';
import { createRouteReport } from './app/route-report.ts';
import { createSweep } from './app/sweep.ts';
import { createReception } from './app/reception.ts';
import { createReceptionRepository } from './persistence/reception-repository.ts';
import { createSubmitReport } from './app/submit-report.ts';
import { createReportThreads } from './app/web/report-threads.ts';
import { createWebSignIn } from './app/web/web-sign-in.ts';
import type { BoardRoutesOptions } from './http/routes/board.ts';
import type { Open311RoutesOptions } from './http/routes/open311.ts';
import { createPublicPhotos } from './http/public-photo.ts';
import { createOpen311 } from './app/open311/open311.ts';
import { createOpen311Repository } from './persistence/open311-repository.ts';
import type { DashboardRoutesOptions } from './http/routes/dashboard.ts';
import type { WebSignInRoutesOptions } from './http/routes/web-sign-in.ts';
import { createUnitReadiness } from './app/unit-readiness.ts';
import type { ChatState } from './app/chat-state.ts';
import { channelControls, type InboundEvent } from './channels/types.ts';
import { createGrammyDriver } from './channels/telegram/create-grammy-driver.ts';
import type { TelegramDriver } from './channels/telegram/telegram-driver.ts';
import type { Config } from './config.ts';
import { calendarCoverage, coverageReadinessWarning } from './core/calendar-coverage.ts';
import { OPEN_STATUSES } from './core/report-status.ts';
import { DEFAULT_CALENDAR_DAYS, createCalendar } from './core/working-days.ts';
import { advance, describeResume, loadFlows } from './flow/engine.ts';
import { createMetrics } from './http/metrics.ts';
import type { Logger } from './logger.ts';
import { createCannedRepliesRepository } from './persistence/canned-replies-repository.ts';
import { createCalendarRepository } from './persistence/calendar-repository.ts';
import { createCategoriesRepository } from './persistence/categories-repository.ts';
import { createCitizensRepository } from './persistence/citizens-repository.ts';
import { openDatabase, type Database } from './persistence/database.ts';
import { createJudgementQueries } from './persistence/judgement-queries.ts';
import { createDeliveriesRepository } from './persistence/deliveries-repository.ts';
import { createExclusiveRunner, installId as readInstallId } from './persistence/installation.ts';
import { createOfficialsRepository } from './persistence/officials-repository.ts';
import { createOperationsStatsRepository } from './persistence/operations-stats-repository.ts';
import { createRatingsRepository } from './persistence/ratings-repository.ts';
import { createReportWorkflowRepository } from './persistence/report-workflow-repository.ts';
import { createReportsRepository } from './persistence/reports-repository.ts';
import { createRoutingRulesRepository } from './persistence/routing-rules-repository.ts';
import { createSessionsRepository } from './persistence/sessions-repository.ts';
import { createUnitsRepository } from './persistence/units-repository.ts';
import { createWebSessionsRepository } from './persistence/web-sessions-repository.ts';
import { createDeliveryQueue } from './queue/delivery-queue.ts';
import { DIGEST_LIMITS, joinAlerts } from './app/alert-digest.ts';
import { createWebChatRepository } from './persistence/web-chat-repository.ts';
import { installSecret } from './persistence/installation.ts';
import { createWebChatHub } from './channels/webchat/web-chat-hub.ts';
import { createWebChatIntake } from './channels/webchat/web-chat-intake.ts';
import { createWebChatLinks, withWebPhotos } from './channels/webchat/web-chat-links.ts';
import { createWebChatSender } from './channels/webchat/web-chat-sender.ts';
import { createTelegramFileReader } from './channels/telegram/telegram-file.ts';
import { withForeignFiles } from './channels/telegram/with-foreign-files.ts';
import { sessionKey } from './app/session-key.ts';
import type { WebChatRoutesOptions } from './http/routes/web-chat.ts';
import type { ChannelName } from './channels/types.ts';
import { createMaintenance } from './queue/maintenance.ts';
import { createHeldNotice } from './app/held-notice.ts';
import { createZaloRepository } from './persistence/zalo-repository.ts';
import { createZaloApi } from './channels/zalo/zalo-api.ts';
import { createZaloTokens } from './channels/zalo/zalo-tokens.ts';
import { createZaloSender, type ZaloSender } from './channels/zalo/create-zalo-sender.ts';
import { createZaloInboundHandler, createZaloWebhook } from './channels/zalo/zalo-inbound.ts';
import { createZaloInboundQueue, type ZaloInboundQueue } from './queue/zalo-inbound-queue.ts';
import type { ZaloWebhookRoutesOptions } from './http/routes/zalo-webhook.ts';
import { createQueueStats } from './queue/queue-stats.ts';
import { createRedisConnection } from './queue/redis-connection.ts';
import { createRedisFloodGuard } from './queue/redis-flood-guard.ts';
import { createRouteReportQueue } from './queue/route-report-queue.ts';
import { createBotDeliveryQueues } from './queue/bot-delivery-queues.ts';
import { botForChat, botForMessage, createBotOutbox, type BotDirectory } from './app/bot-outbox.ts';
import { createBotsRepository } from './persistence/bots-repository.ts';
import { DEFAULT_BOT } from './core/bot-choice.ts';
import type { ChannelSender } from './channels/types.ts';
import type { OneBotDeliveryQueue } from './queue/delivery-queue.ts';

/**
 * The chart renderers (echarts, about 40 MB and most of a second to load) and the board's PDF
 * (pdfmake) load on the first page or PDF that needs them: `gopy worker` and `gopy bot` that
 * serve no dashboard never hold them (bench:startup measures the difference).
 */
const loadCharts = () => import('./app/judgement/judgement-charts.ts');

export const FLOWS_DIR = resolve(import.meta.dirname, '..', 'flows');

export interface ContainerOptions {
  /** Telegram API root to use instead of the configured one (the simulator's fake). */
  apiRoot?: string;
  database?: Database;
  /** The clock of every use case (deadlines, digests); tests inject one. */
  now?: () => Date;
  /** Where browsers reach gopy, when only known after listening (tests on port 0). */
  publicUrl?: () => string;
}

export async function createContainer(
  config: Config,
  logger: Logger,
  options: ContainerOptions = {},
) {
  const metrics = createMetrics();
  const db = options.database ?? (await openDatabase(config, logger));
  const prisma = db.prisma;
  // Fail fast while Redis is down (no offline queue): intake must not hang on the flood brake.
  const redis = createRedisConnection(config.redisUrl, {
    forWorker: false,
    connectionName: 'gopy-intake',
  });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  const bullConnection = { url: config.redisUrl, maxRetriesPerRequest: null };

  const installId = await readInstallId(prisma);
  const now = options.now ?? (() => new Date());
  // The commune's own days override the built-in table (a later entry for a date wins).
  const calendar = createCalendar([
    ...DEFAULT_CALENDAR_DAYS,
    ...(await createCalendarRepository(prisma).list()),
  ]);

  const repos = {
    sessions: createSessionsRepository<ChatState>(prisma),
    citizens: createCitizensRepository(prisma),
    reports: createReportsRepository(prisma),
    ratings: createRatingsRepository(prisma),
    categories: createCategoriesRepository(prisma),
    units: createUnitsRepository(prisma),
    officials: createOfficialsRepository(prisma),
    rules: createRoutingRulesRepository(prisma),
    canned: createCannedRepliesRepository(prisma),
    workflow: createReportWorkflowRepository(prisma),
    deliveries: createDeliveriesRepository(prisma),
    webSessions: createWebSessionsRepository(prisma),
    followers: createFollowersRepository(prisma),
    webChat: createWebChatRepository(prisma),
    reception: createReceptionRepository(prisma),
    zalo: createZaloRepository(prisma),
  };
  const opsStats = createOperationsStatsRepository(prisma);
  const webSignIn = createWebSignIn({
    sessions: repos.webSessions,
    officials: repos.officials,
    publicUrl: options.publicUrl ?? (() => config.publicUrl),
    now,
  });

  // Telegram: intake calls handleInbound, which is built after the driver (it needs the
  // sender); intake starts only after this function returns, so it is always there by then.
  async function onEvent(event: InboundEvent) {
    const stop = metrics.updateSeconds.startTimer();
    try {
      // Independent of the update's handling (only later deliveries read it): side by side,
      // a chat's first update waits for one round trip less.
      const [, outcome] = await Promise.all([rememberChat(event), handleInbound(event)]);
      metrics.updates.inc({ channel: event.channel, outcome });
    } catch (err) {
      metrics.updates.inc({ channel: event.channel, outcome: 'error' });
      metrics.flowErrors.inc({ kind: 'update' });
      throw err;
    } finally {
      stop();
    }
  }
  const driverOptions = {
    token: config.botToken,
    apiRoot: options.apiRoot ?? config.telegram.apiRoot,
    onEvent,
    webhookSecret: config.telegram.webhookSecret,
    logger,
  };
  // Files Telegram keeps (citizens' photos, officials' evidence), read for the web's viewers and
  // for Telegram itself when another bot sends them (with-foreign-files.ts). A file id is valid
  // only for the bot that received it: each bot's reader is tried, BOT_TOKEN's first.
  const fileReaders = [createTelegramFileReader(driverOptions)];
  const telegramFile = async (fileId: string) => {
    for (const read of fileReaders) {
      const file = await read(fileId);
      if (file) return file;
    }
    return undefined;
  };
  const makeDriver = async (
    overrides: Partial<typeof driverOptions> = {},
  ): Promise<TelegramDriver> => {
    const o = { ...driverOptions, ...overrides };
    return config.telegram.framework === 'telegraf'
      ? // Telegraf only when chosen: the grammY deployments need not load it.
        (await import('./channels/telegram/create-telegraf-driver.ts')).createTelegrafDriver(o)
      : createGrammyDriver(o);
  };
  const driver = await makeDriver();

  // The bots besides BOT_TOKEN's (`gopy bots add`), read once at start: each has its own
  // driver (poller or webhook /tg/<id> with its own secret) and its own delivery queue.
  const botsRepo = createBotsRepository(prisma);
  const botRows = await botsRepo.list();
  const extraBots = await Promise.all(
    botRows.map(async (b) => ({
      id: b.id,
      units: b.units,
      webhookSecret: b.webhookSecret,
      webhookPath: `/tg/${b.id}`,
      driver: await makeDriver({
        token: b.token,
        webhookSecret: b.webhookSecret,
        logger: logger.child({ bot: b.id }),
      }),
    })),
  );
  const extraBotIds = new Set(extraBots.map((b) => b.id));
  for (const b of botRows)
    fileReaders.push(createTelegramFileReader({ apiRoot: driverOptions.apiRoot, token: b.token }));
  /** An event's bot as deliveries and bot_chats name it: '' for BOT_TOKEN's. */
  const botKey = (eventBot: string | undefined) =>
    eventBot !== undefined && extraBotIds.has(eventBot) ? eventBot : DEFAULT_BOT;
  // Which chats have talked to which bot, written once per chat and bot (and process): a
  // message goes out through a bot its chat knows (src/app/bot-outbox.ts).
  const knownChats = new Set<string>();
  async function rememberChat(event: InboundEvent): Promise<void> {
    if (event.channel !== 'telegram') return;
    const bot = botKey(event.bot);
    const key = `${bot}:${event.chatId}`;
    if (knownChats.has(key)) return;
    try {
      await botsRepo.rememberChat(bot, event.chatId);
      if (knownChats.size > 100_000) knownChats.clear();
      knownChats.add(key);
    } catch (err) {
      logger.warn({ err, bot }, 'could not remember the chat of a bot');
    }
  }

  // The citizens' channels besides Telegram. A web citizen's messages are entries of their
  // chat's log, streamed live by whichever process holds their browser's connection.
  const publicUrl = options.publicUrl ?? (() => config.publicUrl);
  const links = createWebChatLinks(await installSecret(prisma));
  const webChatHub = createWebChatHub({
    publisher: redis,
    subscriber: createRedisConnection(config.redisUrl, {
      forWorker: true,
      connectionName: 'gopy-webchat',
    }),
    prefix: config.queuePrefix,
    logger,
  });
  const webSender = createWebChatSender({
    log: repos.webChat,
    nudge: (chatId) => webChatHub.nudge(chatId),
    fileUrl: (fileId) => links.filePath(fileId),
  });
  /** A file's signed address on gopy, for someone outside it (Telegram, a Zalo citizen). */
  const absoluteFileUrl = (fileId: string) =>
    `${publicUrl().replace(/\/$/, '')}${links.filePath(fileId)}`;
  // Officials get a web citizen's photos by URL: Telegram fetches them from gopy; a Zalo
  // citizen's from Zalo's own address.
  const webPhotoUrl = (fileId: string) =>
    fileId.startsWith('zalo:') ? fileId.slice('zalo:'.length) : absoluteFileUrl(fileId);
  // With several bots, a photo one bot received may go out through another: sent by address.
  const telegramSenderOf = (sender: ChannelSender) =>
    extraBots.length === 0
      ? withWebPhotos(sender, webPhotoUrl)
      : withForeignFiles(withWebPhotos(sender, webPhotoUrl), absoluteFileUrl);
  const telegramSender = telegramSenderOf(driver.sender);
  const telegramSenders = new Map<string, ChannelSender>([
    [DEFAULT_BOT, telegramSender],
    ...extraBots.map((b) => [b.id, telegramSenderOf(b.driver.sender)] as const),
  ]);

  // Zalo (when configured): the OA's tokens, its API client, and the sender that keeps to the
  // citizens' reply windows.
  let zaloSender: ZaloSender | undefined;
  /** A file a Zalo citizen sent, from Zalo's address. */
  const zaloFile = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) return undefined;
    return {
      mimeType: res.headers.get('content-type') ?? 'image/jpeg',
      data: new Uint8Array(await res.arrayBuffer()),
    };
  };
  if (config.zalo) {
    const tokens = createZaloTokens({
      appId: config.zalo.appId,
      appSecret: config.zalo.appSecret,
      oauthRoot: config.zalo.oauthRoot,
      initialRefreshToken: config.zalo.refreshToken,
      store: repos.zalo,
      redis,
      prefix: config.queuePrefix,
      logger,
    });
    zaloSender = createZaloSender({
      api: createZaloApi({ apiRoot: config.zalo.apiRoot, tokens }),
      chats: repos.zalo,
      fileUrl: absoluteFileUrl,
      readFile: async (fileId) => {
        if (fileId.startsWith('web:')) return undefined;
        if (!fileId.startsWith('zalo:')) return telegramFile(fileId);
        return zaloFile(fileId.slice('zalo:'.length));
      },
      now,
      logger,
    });
  }
  const senderFor = (channel: ChannelName) =>
    channel === 'web' ? webSender : channel === 'zalo' && zaloSender ? zaloSender : telegramSender;

  // The queue tells the outcomes, which may reroute, which stores alerts in the queue: the
  // fallback is reached through this arrow, bound below before any worker runs.
  const deliveryOutcomes = createDeliveryOutcomes({
    officials: repos.officials,
    workflow: repos.workflow,
    reroute: (input) => rerouteUnreachable(input),
    alertLatency: {
      firstAlertLatencyMs: (deliveryId) => opsStats.firstAlertLatencyMs(deliveryId),
      observe: (seconds) => metrics.alertLatency.observe(seconds),
    },
    now,
  });
  const deliveryConnection = createRedisConnection(config.redisUrl, { forWorker: false });
  // One queue per bot (its own limiter, gate, pacing and rows); the web chat's deliveries go
  // through the default one.
  const botQueues = new Map<string, OneBotDeliveryQueue>();
  for (const [bot, sender] of telegramSenders)
    botQueues.set(
      bot,
      createDeliveryQueue({
        deliveries:
          bot === DEFAULT_BOT ? repos.deliveries : createDeliveriesRepository(prisma, { bot }),
        connection: deliveryConnection,
        prefix: config.queuePrefix,
        scope: installId,
        ...(bot === DEFAULT_BOT
          ? { channelSenders: { web: webSender, ...(zaloSender ? { zalo: zaloSender } : {}) } }
          : { bot }),
        sender,
        perSecond: config.outboundPerSecond,
        logger,
        observer: {
          attempted: (outcome) => metrics.deliveries.inc({ outcome }),
          paused: (ms) => metrics.deliveryPausedSeconds.inc(ms / 1000),
        },
        onSent: deliveryOutcomes.onSent,
        // Bound below, with the outbox it stores its edits in.
        afterSent: (sent) => alertsDrawnLate(sent),
        onUnreachable: deliveryOutcomes.onUnreachable,
        // Alerts waiting for one chat go out as one digest message (alert-digest.ts).
        join: { ...DIGEST_LIMITS, message: joinAlerts },
        onHeld: (delivery) => heldNotice(delivery),
      }),
    );
  const botDirectory: BotDirectory = {
    bots: extraBots.map((b) => ({ id: b.id, units: b.units })),
    botsOfChat: (chatId) => botsRepo.botsOfChat(chatId),
    unitOfReport: (reportId) => botsRepo.unitOfReport(reportId),
    botOfMessage: (chatId, messageId, bots) => botsRepo.botOfMessage(chatId, messageId, bots),
  };
  // The sweep makes the outbox's choice for rows a dead process stored but never queued.
  const deliveryQueue = createBotDeliveryQueues(botQueues, logger, (delivery) =>
    botForMessage(botDirectory, delivery),
  );
  /** What the use cases send through: each Telegram message stamped with its bot. */
  const outbox = createBotOutbox(deliveryQueue, botDirectory);
  // A message a Zalo citizen's reply window holds back: its sender is told it waits.
  const heldNotice = createHeldNotice({
    workflow: repos.workflow,
    officials: repos.officials,
    outbox,
  });
  // An alert linked after its report changed is redrawn, whichever came first (late-alerts.ts).
  const lateAlertDeps = { workflow: repos.workflow, officials: repos.officials, outbox };
  const alertsDrawnLate = lateAlertsAfterSent(lateAlertDeps);
  const lateAlerts = async (reportId: number): Promise<void> => {
    try {
      await redrawLateAlerts(lateAlertDeps, reportId, 'recent');
    } catch (err) {
      logger.warn({ err, reportId }, 'alerts linked during a change not redrawn');
    }
  };
  const rerouteUnreachable = createRerouteUnreachable({
    workflow: repos.workflow,
    officials: repos.officials,
    rules: repos.rules,
    outbox,
    logger,
  });

  const routeReport = createRouteReport({
    workflow: repos.workflow,
    calendar,
    officials: repos.officials,
    rules: repos.rules,
    outbox,
    reroute: rerouteUnreachable,
    now,
    logger,
  });
  const routeQueue = createRouteReportQueue({
    connection: bullConnection,
    prefix: config.queuePrefix,
    scope: installId,
    routeReport,
    onNoOfficial: async (reportId, unitCode) => {
      metrics.reportsNoOfficial.inc();
      logger.warn(
        { reportId, unit: unitCode },
        'no official anywhere: report kept until one registers',
      );
      await repos.workflow.markAwaitingOfficial(reportId, now());
    },
    logger,
  });

  const unitReadiness = createUnitReadiness({
    categories: repos.categories,
    officials: repos.officials,
    rules: repos.rules,
  });
  const flows = loadFlows(FLOWS_DIR, {
    actions: [...ACTION_NAMES],
    sources: [...SOURCE_NAMES],
    inputs: ACTION_INPUTS,
  });
  const submitReport = createSubmitReport({
    citizens: repos.citizens,
    reports: repos.reports,
    categories: repos.categories,
    units: repos.units,
    calendar,
    onReportCommitted: async (reportId) => {
      metrics.reports.inc();
      await routeQueue.enqueue(reportId);
    },
  });
  const reception = createReception({
    reception: repos.reception,
    units: repos.units,
    calendar,
    outbox,
    botFor: async (chatId) => (await botForChat(botDirectory, chatId)).bot,
    logger,
  });
  const bindActions = createCitizenActions({
    citizens: repos.citizens,
    reports: repos.reports,
    ratings: repos.ratings,
    categories: repos.categories,
    submitReport,
    communeReadiness: async (unitCode) => {
      const unit = await repos.units.get(unitCode);
      return unit ? unitReadiness(unit) : undefined;
    },
    followers: repos.followers,
    reception,
    bookings: repos.reception,
    onFollowed: async (reportId) => {
      // The alerts show the new number of followers; a failure leaves the old count shown.
      try {
        const report = await repos.workflow.get(reportId);
        if (report)
          await refreshAlerts(
            { outbox, workflow: repos.workflow, officials: repos.officials },
            report,
            describeAction('Thêm một người dân theo dõi phiếu', 'người dân', now()),
            `follow-${report.followers.count}`,
          );
      } catch (err) {
        logger.warn({ err, reportId }, 'alerts not refreshed after a follow');
      }
    },
  });
  const citizen = createCitizenConversation({
    flows,
    advance,
    describeResume: (state, lang) => describeResume(flows, state, lang) ?? '',
    runtimeFor: async (event, lang) => {
      const bound = bindActions({
        channel: event.channel,
        chatId: event.chatId,
        user: event.user,
        lang,
      });
      return {
        lang,
        now: now(),
        actions: bound.actions,
        sources: bound.sources,
        communes: repos.units,
        ...channelControls(event.channel),
        // Flows read the channel (report.yaml: the web chat has no name to show) and, on a
        // commune's web page, its commune.
        startParams: {
          channel: event.channel,
          ...(event.pageUnitCode !== undefined ? { unitCode: event.pageUnitCode } : {}),
        },
        lastUnitCode: async () =>
          (await repos.citizens.findByExternalId(event.channel, event.user.id))?.lastUnitCode ??
          undefined,
      };
    },
    setLanguage: (event, lang) => repos.citizens.setLanguage(event.channel, event.user.id, lang),
    eraseCitizen: (event) =>
      repos.citizens.erase(event.channel, event.user.id, now(), {
        asking: sessionKey(event, botKey(event.bot)),
      }),
    sessionExpiryMs: config.sessionExpiryHours * 3_600_000,
    now,
    logger,
    onActionFailed: () => metrics.flowErrors.inc({ kind: 'action' }),
  });
  const officialDesk = createOfficialDesk({
    officials: repos.officials,
    workflow: repos.workflow,
    canned: repos.canned,
    ratings: repos.ratings,
    followers: repos.followers,
    outbox,
    calendar,
    now,
    logger,
    digestHour: config.digestHour,
    receptionList: (unitCodes, day) => reception.dayList(unitCodes, day),
    webSignIn,
    lateAlerts,
    onOfficialRegistered: async (official) => {
      try {
        const released = await repos.workflow.releaseAwaitingOfficial(
          official.role === 'admin'
            ? { provinceCode: official.provinceCode }
            : { unitCode: official.unitCode },
        );
        for (const id of released) await routeQueue.requeue(id);
      } catch (err) {
        // Released reports are 'submitted' again: the sweep routes them if this failed midway.
        logger.error({ err }, 'reports waiting for an official not released');
      }
    },
  });
  /** Each private chat's flood brake (tests forget a chat's count for a person's pause). */
  const flood = createRedisFloodGuard(redis, { prefix: config.queuePrefix });
  const handleInbound: HandleInbound = createHandleInbound({
    sessions: repos.sessions,
    // A reply goes back through the bot the update came from.
    reply: (message, channel, bot) =>
      (channel === 'telegram'
        ? (telegramSenders.get(botKey(bot)) ?? telegramSender)
        : senderFor(channel)
      ).send(message),
    citizen,
    officials: officialDesk,
    flood,
    forgetChat: async (channel, chatId) => {
      await senderFor(channel).forgetChat?.(chatId);
    },
    logger,
    botOf: botKey,
  });

  // Zalo's webhook stores each event and queues it; the job hands it to onEvent.
  let zaloQueue: ZaloInboundQueue | undefined;
  let zaloWebhook: ZaloWebhookRoutesOptions | undefined;
  if (config.zalo && zaloSender) {
    const queue = createZaloInboundQueue({
      connection: bullConnection,
      prefix: config.queuePrefix,
      scope: installId,
      handle: createZaloInboundHandler({
        repo: repos.zalo,
        sender: zaloSender,
        onEvent: async (event) => {
          await onEvent(event);
        },
        fileBytes: async (url) => (await zaloFile(url))?.data,
        now,
        logger,
      }),
      unhandled: (olderThan) => repos.zalo.unhandledInbound(olderThan),
      logger,
    });
    zaloQueue = queue;
    zaloWebhook = {
      receive: createZaloWebhook({
        appId: config.zalo.appId,
        oaSecretKey: config.zalo.oaSecretKey,
        events: repos.zalo,
        enqueue: (eventId) => queue.enqueue(eventId),
      }),
    };
  }

  const sweep = createSweep({
    workflow: repos.workflow,
    routeQueue,
    // Zalo events whose job was lost are requeued with the deliveries.
    deliveryQueue: {
      requeuePending: async () =>
        (await deliveryQueue.requeuePending()) + ((await zaloQueue?.requeueUnhandled()) ?? 0),
      relinkSent: () => deliveryQueue.relinkSent(),
    },
    reroute: rerouteUnreachable,
    officialDesk,
    receptionReminders: () => reception.remind(now()),
    webSignIn,
    logger,
    onSweep: (result) => metrics.observeSweep(result),
  });
  const maintenance = createMaintenance({
    redis,
    prefix: config.queuePrefix,
    installId,
    exclusive: createExclusiveRunner(prisma, db.kind),
    intervalSeconds: config.sweepIntervalSeconds,
    sweep,
    logger,
  });

  const queueStats = createQueueStats({ connection: bullConnection, prefix: config.queuePrefix });
  metrics.watchState({
    queues: () => queueStats.read(now()),
    reportsByProvince: () => opsStats.openByProvince(OPEN_STATUSES, now()),
    topOverdueCommunes: (limit) => opsStats.topOverdueCommunes(OPEN_STATUSES, now(), limit),
  });

  const judgement = createJudgement({
    queries: createJudgementQueries(prisma),
    minAnswers: config.publicMinAnswers,
    botUsername: () => driver.botUsername(),
    now,
  });

  const receiveWebChat = createWebChatIntake({
    log: repos.webChat,
    handleInbound: async (event) => {
      await onEvent(event);
    },
    nudge: (chatId) => webChatHub.nudge(chatId),
    now,
  });

  const open311 = createOpen311({
    repo: createOpen311Repository(prisma),
    categories: repos.categories,
    units: repos.units,
    submitReport,
    workflow: repos.workflow,
    outbox,
    publicUrl: options.publicUrl ?? (() => config.publicUrl),
    now,
  });

  // What the web server serves from this container: sign-in, the dashboard, the public board,
  // the web chat, Open311.
  const web: {
    webSignIn: WebSignInRoutesOptions;
    dashboard: DashboardRoutesOptions;
    board: BoardRoutesOptions;
    webChat: WebChatRoutesOptions;
    open311: Open311RoutesOptions;
    zaloWebhook?: ZaloWebhookRoutesOptions;
  } = {
    webSignIn: { signIn: webSignIn, secureCookies: config.publicUrl.startsWith('https://') },
    dashboard: {
      signIn: webSignIn,
      judgement,
      charts: async () => {
        const { criteriaChartSvg, trendChartSvg, improveChartSvg } = await loadCharts();
        return { criteria: criteriaChartSvg, trend: trendChartSvg, improve: improveChartSvg };
      },
      threads: createReportThreads({ workflow: repos.workflow, officials: repos.officials }),
      now,
    },
    board: {
      publicBoard: judgement.publicBoard,
      renderPdf: async (board) =>
        (await import('./app/judgement/board-pdf.ts')).renderBoardPdf(board),
      criteriaChart: async () => (await loadCharts()).criteriaChartSvg,
      now,
    },
    webChat: {
      units: repos.units,
      log: repos.webChat,
      hub: webChatHub,
      receive: receiveWebChat,
      links,
      telegramFile,
      limits: config.webChatLimits,
      now,
    },
    open311: {
      open311,
      photos: createPublicPhotos(telegramFile),
      perMinute: config.open311PerMinute,
    },
    ...(zaloWebhook ? { zaloWebhook } : {}),
  };

  return {
    config,
    logger,
    flood,
    installId,
    metrics,
    judgement,
    web,
    db,
    prisma,
    redis,
    repos,
    driver,
    /** The bots besides BOT_TOKEN's: their drivers, units and webhook paths (/tg/<id>). */
    extraBots,
    botDirectory,
    handleInbound: (event: InboundEvent) => onEvent(event),
    routeReport,
    webSignIn,
    routeQueue,
    deliveryQueue,
    /** Zalo's inbound events (undefined without ZALO_ configuration): start its worker. */
    zaloQueue,
    maintenance,
    flows,
    calendar,
    /** Whether the calendar covers next year (for /readyz and the officers' attention). */
    calendarCoverage: () => calendarCoverage(calendar, now()),
    /** /readyz warnings: never fail readiness (gopy serves correctly), but an officer must act. */
    readinessWarnings: () => {
      const calendarWarning = coverageReadinessWarning(calendarCoverage(calendar, now()));
      return calendarWarning ? [calendarWarning] : [];
    },
    /** Loads Prisma's query compiler (see runRole); a failure shows again on the next query. */
    warmUpOrm: () =>
      prisma.$queryRawUnsafe('SELECT 1').then(
        () => undefined,
        (err: unknown) => logger.warn({ err }, 'database not answering after start'),
      ),
    async checkReady() {
      const [database, queue] = await Promise.all([
        db.ping(),
        redis.ping().then(
          () => true,
          () => false,
        ),
      ]);
      return { database, redis: queue };
    },
    /** Stops in reverse order of start, once. */
    async close() {
      await driver.stop();
      for (const b of extraBots) await b.driver.stop();
      await maintenance.close();
      await routeQueue.close();
      await deliveryQueue.close();
      await zaloQueue?.close();
      await webChatHub.close();
      await queueStats.close();
      deliveryConnection.disconnect();
      redis.disconnect();
      await db.close();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
