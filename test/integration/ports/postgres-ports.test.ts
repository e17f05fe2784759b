/**
 * The PostgreSQL implementations of the use cases' ports pass the same contract suites as the
 * in-memory ones the use-case unit tests run on (test/unit/ports/memory-ports.test.ts).
 */
import { describeChatSessionsContract } from '../../support/contracts/chat-sessions-contract.ts';
import { describeOutboxContract } from '../../support/contracts/outbox-contract.ts';
import { describeOfficialDirectoryContract } from '../../support/contracts/official-directory-contract.ts';
import { describeCannedRepliesContract } from '../../support/contracts/canned-replies-contract.ts';
import { describeRatingsContract } from '../../support/contracts/ratings-contract.ts';
import { describeFollowersContract } from '../../support/contracts/followers-contract.ts';
import { describeOpen311StoreContract } from '../../support/contracts/open311-store-contract.ts';
import { describeCitizenReportsContract } from '../../support/contracts/citizen-reports-contract.ts';
import { describeWebSessionsContract } from '../../support/contracts/web-sessions-contract.ts';
import { describeFloodGuardContract } from '../../support/contracts/flood-guard-contract.ts';
import {
  postgresChatSessions,
  embeddedChatSessions,
  embeddedFollowers,
  postgresOutbox,
  postgresDirectory,
  postgresReportStore,
  postgresRoutingRules,
  postgresMessageLinks,
  postgresWorklists,
  postgresSubmission,
  embeddedSubmission,
  postgresCategories,
  postgresReceptionBook,
  postgresCannedReplies,
  postgresRatings,
  postgresFollowers,
  postgresOpen311Store,
  postgresCitizenReports,
  postgresWebSessions,
  redisFloodGuard,
} from '../../support/contracts/postgres-fixtures.ts';
import { describeReportStoreContract } from '../../support/contracts/report-store-contract.ts';
import { describeRoutingRulesContract } from '../../support/contracts/routing-rules-contract.ts';
import { describeMessageLinksContract } from '../../support/contracts/message-links-contract.ts';
import { describeWorklistsContract } from '../../support/contracts/report-worklists-contract.ts';
import { describeSubmissionContract } from '../../support/contracts/citizen-submission-contract.ts';
import { describeCategoriesContract } from '../../support/contracts/categories-contract.ts';
import { describeReceptionBookContract } from '../../support/contracts/reception-book-contract.ts';

describeReportStoreContract('PostgreSQL', postgresReportStore);
describeOfficialDirectoryContract('PostgreSQL', postgresDirectory);
describeRoutingRulesContract('PostgreSQL', postgresRoutingRules);
describeChatSessionsContract('PostgreSQL', postgresChatSessions);
describeChatSessionsContract('embedded PostgreSQL (PGlite)', embeddedChatSessions);
describeOutboxContract('PostgreSQL and Redis (the delivery queue)', postgresOutbox);
describeWorklistsContract('PostgreSQL', postgresWorklists);
describeMessageLinksContract('PostgreSQL', postgresMessageLinks);
describeSubmissionContract('PostgreSQL', postgresSubmission);
describeSubmissionContract('embedded PostgreSQL (PGlite)', embeddedSubmission);
describeReceptionBookContract('PostgreSQL', postgresReceptionBook);
describeCategoriesContract('PostgreSQL', postgresCategories);
describeCannedRepliesContract('PostgreSQL', postgresCannedReplies);
describeRatingsContract('PostgreSQL', postgresRatings);
describeFollowersContract('PostgreSQL', postgresFollowers);
describeFollowersContract('embedded PostgreSQL (PGlite)', embeddedFollowers);
describeOpen311StoreContract('PostgreSQL', postgresOpen311Store);
describeCitizenReportsContract('PostgreSQL', postgresCitizenReports);
describeWebSessionsContract('PostgreSQL', postgresWebSessions);
describeFloodGuardContract('Redis', redisFloodGuard);
