-- Citizens from any channel (telegram, web, zalo): the web chat's conversation log and photos,
-- and the key of the links gopy signs. Existing rows are kept; the one installation row gets a
-- fresh random secret.
-- AlterTable
ALTER TABLE "installation" ADD COLUMN     "secret" TEXT NOT NULL DEFAULT ((gen_random_uuid())::text || (gen_random_uuid())::text);

-- CreateTable
CREATE TABLE "web_chat_entries" (
    "id" SERIAL NOT NULL,
    "chat_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "key" TEXT,
    "payload" JSONB NOT NULL,
    "handled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "web_chat_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "web_chat_files" (
    "id" TEXT NOT NULL DEFAULT (gen_random_uuid())::text,
    "chat_id" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "web_chat_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "web_chat_entries_chat_id_id_idx" ON "web_chat_entries"("chat_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "web_chat_entries_chat_id_key_key" ON "web_chat_entries"("chat_id", "key");

-- CreateIndex
CREATE INDEX "web_chat_files_chat_id_idx" ON "web_chat_files"("chat_id");


