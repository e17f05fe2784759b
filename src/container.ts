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
import { describeAction } from './app/alert-message.ts';
import { createDeliveryOutcomes } from './app/delivery-outcomes.ts';
import { createRerouteUnreachable } from './app/reroute-unreachable.ts';
import { createRouteReport } from './app/route-report.ts';
import { createSweep } from './app/sweep.ts';
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
import type { InboundEvent } from './channels/types.ts';
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
import { createWebChatRepository } from './persistence/web-chat-repository.ts';
import { installSecret } from './persistence/installation.ts';
import { createWebChatHub } from './channels/webchat/web-chat-hub.ts';
import { createWebChatIntake } from './channels/webchat/web-chat-intake.ts';
import { createWebChatLinks, withWebPhotos } from './channels/webchat/web-chat-links.ts';
import { createWebChatSender } from './channels/webchat/web-chat-sender.ts';
import { createTelegramFileReader } from './channels/telegram/telegram-file.ts';
import type { WebChatRoutesOptions } from './http/routes/web-chat.ts';
import type { ChannelName } from './channels/types.ts';
import { createMaintenance } from './queue/maintenance.ts';
import { createQueueStats } from './queue/queue-stats.ts';
import { createRedisConnection } from './queue/redis-connection.ts';
import { createRedisFloodGuard } from './queue/redis-flood-guard.ts';
import { createRouteReportQueue } from './queue/route-report-queue.ts';

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
      const outcome = await handleInbound(event);
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
  // Files Telegram keeps (citizens' photos, officials' evidence), read for the web's viewers.
  const telegramFile = createTelegramFileReader(driverOptions);
  const driver: TelegramDriver =
    config.telegram.framework === 'telegraf'
      ? // Telegraf only when chosen: the grammY deployments need not load it.
        (await import('./channels/telegram/create-telegraf-driver.ts')).createTelegrafDriver(
          driverOptions,
        )
      : createGrammyDriver(driverOptions);

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
  // Officials get a web citizen's photos by URL: Telegram fetches them from gopy.
  const telegramSender = withWebPhotos(
    driver.sender,
    (fileId) => `${publicUrl().replace(/\/$/, '')}${links.filePath(fileId)}`,
  );
  const senderFor = (channel: ChannelName) => (channel === 'web' ? webSender : telegramSender);

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
  const deliveryQueue = createDeliveryQueue({
    deliveries: repos.deliveries,
    connection: deliveryConnection,
    prefix: config.queuePrefix,
    scope: installId,
    sender: telegramSender,
    channelSenders: { web: webSender },
    perSecond: config.outboundPerSecond,
    logger,
    observer: {
      attempted: (outcome) => metrics.deliveries.inc({ outcome }),
      paused: (ms) => metrics.deliveryPausedSeconds.inc(ms / 1000),
    },
    onSent: deliveryOutcomes.onSent,
    onUnreachable: deliveryOutcomes.onUnreachable,
  });
  const rerouteUnreachable = createRerouteUnreachable({
    workflow: repos.workflow,
    officials: repos.officials,
    rules: repos.rules,
    outbox: deliveryQueue,
    logger,
  });

  const routeReport = createRouteReport({
    workflow: repos.workflow,
    officials: repos.officials,
    rules: repos.rules,
    outbox: deliveryQueue,
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
    onFollowed: async (reportId) => {
      // The alerts show the new number of followers; a failure leaves the old count shown.
      try {
        const report = await repos.workflow.get(reportId);
        if (report)
          await refreshAlerts(
            { outbox: deliveryQueue, workflow: repos.workflow, officials: repos.officials },
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
        lastUnitCode: async () =>
          (await repos.citizens.findByExternalId(event.channel, event.user.id))?.lastUnitCode ??
          undefined,
      };
    },
    eraseCitizen: (event) => repos.citizens.erase(event.channel, event.user.id, now()),
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
    outbox: deliveryQueue,
    calendar,
    now,
    logger,
    digestHour: config.digestHour,
    webSignIn,
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
  const handleInbound: HandleInbound = createHandleInbound({
    sessions: repos.sessions,
    reply: (message, channel) => senderFor(channel).send(message),
    citizen,
    officials: officialDesk,
    flood: createRedisFloodGuard(redis, { prefix: config.queuePrefix }),
    logger,
  });

  const sweep = createSweep({
    workflow: repos.workflow,
    routeQueue,
    deliveryQueue,
    reroute: rerouteUnreachable,
    officialDesk,
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
    outbox: deliveryQueue,
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
  };

  return {
    config,
    logger,
    installId,
    metrics,
    judgement,
    web,
    db,
    prisma,
    redis,
    repos,
    driver,
    handleInbound: (event: InboundEvent) => onEvent(event),
    routeReport,
    webSignIn,
    routeQueue,
    deliveryQueue,
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
      await maintenance.close();
      await routeQueue.close();
      await deliveryQueue.close();
      await webChatHub.close();
      await queueStats.close();
      deliveryConnection.disconnect();
      redis.disconnect();
      await db.close();
    },
  };
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
