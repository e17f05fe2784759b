-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "thread_message_id" INTEGER;

-- Backfill: until now a thread message's deliveries were found by their dedupe key,
-- `thread-<threadMessageId>-<chat>-<part>` (and `…~f<citizenId>` for a follower's copy).
-- Edits and retractions (`thread-edit-…`, `thread-retract-…`) are not the message's delivery.
UPDATE "deliveries" AS d
   SET "thread_message_id" = t."id"
  FROM "thread_messages" AS t
 WHERE t."id" = CASE
                  WHEN d."dedupe_key" ~ '^thread-[0-9]{1,9}-'
                  THEN substring(d."dedupe_key" from '^thread-([0-9]+)-')::integer
                END;

-- CreateIndex
CREATE INDEX "deliveries_thread_message_id_idx" ON "deliveries"("thread_message_id");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_thread_message_id_fkey" FOREIGN KEY ("thread_message_id") REFERENCES "thread_messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
