-- CreateTable
CREATE TABLE "bots" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "units" TEXT[],
    "webhook_secret" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_chats" (
    "bot" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_chats_pkey" PRIMARY KEY ("bot","chat_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "bots_token_key" ON "bots"("token");

-- CreateIndex
CREATE INDEX "bot_chats_chat_id_first_seen_at_idx" ON "bot_chats"("chat_id", "first_seen_at");
