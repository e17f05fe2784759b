/**
 * The in-memory ports the use-case unit tests run on pass the same contract suites as the
 * PostgreSQL implementations (test/integration/ports/postgres-ports.test.ts).
 */
import { describeChatSessionsContract } from '../../support/contracts/chat-sessions-contract.ts';
import { describeCannedRepliesContract } from '../../support/contracts/canned-replies-contract.ts';
import { describeRatingsContract } from '../../support/contracts/ratings-contract.ts';
import { describeFollowersContract } from '../../support/contracts/followers-contract.ts';
import { describeOpen311StoreContract } from '../../support/contracts/open311-store-contract.ts';
import { describeCitizenReportsContract } from '../../support/contracts/citizen-reports-contract.ts';
import { describeWebSessionsContract } from '../../support/contracts/web-sessions-contract.ts';
import { describeFloodGuardContract } from '../../support/contracts/flood-guard-contract.ts';
import {
  memoryChatSessions,
  memoryOutbox,
  memoryDirectory,
  memoryReportStore,
  memoryRoutingRules,
  memoryMessageLinks,
  memoryWorklists,
  memorySubmission,
  memoryCategories,
  memoryReceptionBook,
  memoryCannedReplies,
  memoryRatings,
  memoryFollowers,
  memoryOpen311Store,
  memoryCitizenReports,
  memoryWebSessions,
  memoryFloodGuard,
} from '../../support/contracts/memory-fixtures.ts';
import { describeOutboxContract } from '../../support/contracts/outbox-contract.ts';
import { describeOfficialDirectoryContract } from '../../support/contracts/official-directory-contract.ts';
import { describeReportStoreContract } from '../../support/contracts/report-store-contract.ts';
import { describeRoutingRulesContract } from '../../support/contracts/routing-rules-contract.ts';
import { describeMessageLinksContract } from '../../support/contracts/message-links-contract.ts';
import { describeWorklistsContract } from '../../support/contracts/report-worklists-contract.ts';
import { describeSubmissionContract } from '../../support/contracts/citizen-submission-contract.ts';
import { describeCategoriesContract } from '../../support/contracts/categories-contract.ts';
import { describeReceptionBookContract } from '../../support/contracts/reception-book-contract.ts';

describeReportStoreContract('memory', memoryReportStore);
describeOfficialDirectoryContract('memory', memoryDirectory);
describeRoutingRulesContract('memory', memoryRoutingRules);
describeChatSessionsContract('memory', memoryChatSessions);
describeOutboxContract('memory', memoryOutbox);
describeWorklistsContract('memory', memoryWorklists);
describeMessageLinksContract('memory', memoryMessageLinks);
describeSubmissionContract('memory', memorySubmission);
describeReceptionBookContract('memory', memoryReceptionBook);
describeCategoriesContract('memory', memoryCategories);
describeCannedRepliesContract('memory', memoryCannedReplies);
describeRatingsContract('memory', memoryRatings);
describeFollowersContract('memory', memoryFollowers);
describeOpen311StoreContract('memory', memoryOpen311Store);
describeCitizenReportsContract('memory', memoryCitizenReports);
describeWebSessionsContract('memory', memoryWebSessions);
describeFloodGuardContract('memory', memoryFloodGuard);
