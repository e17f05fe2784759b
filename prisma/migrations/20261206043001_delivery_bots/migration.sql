-- DropIndex
DROP INDEX "deliveries_chat_id_id_idx";

-- AlterTable
ALTER TABLE "deliveries" ADD COLUMN     "bot" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "deliveries_bot_chat_id_id_idx" ON "deliveries"("bot", "chat_id", "id");


