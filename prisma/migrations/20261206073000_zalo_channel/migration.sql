-- The Zalo Official Account channel: the OAuth pair, each citizen's reply window, messages held
-- outside it, and the webhook's events as received. New tables only.
-- CreateTable
CREATE TABLE "zalo_tokens" (
    "app_id" TEXT NOT NULL,
    "access_token" TEXT NOT NULL,
    "access_expires_at" TIMESTAMP(3) NOT NULL,
    "refresh_token" TEXT NOT NULL,
    "seeded_from" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zalo_tokens_pkey" PRIMARY KEY ("app_id")
);

-- CreateTable
CREATE TABLE "zalo_chats" (
    "user_id" TEXT NOT NULL,
    "last_message_id" TEXT,
    "last_message_at" TIMESTAMP(3) NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "followed" BOOLEAN NOT NULL DEFAULT true,
    "buttons" JSONB,

    CONSTRAINT "zalo_chats_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "zalo_held_messages" (
    "id" SERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "zalo_held_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zalo_inbound_events" (
    "id" SERIAL NOT NULL,
    "event_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handled_at" TIMESTAMP(3),

    CONSTRAINT "zalo_inbound_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "zalo_held_messages_user_id_id_idx" ON "zalo_held_messages"("user_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "zalo_inbound_events_event_key_key" ON "zalo_inbound_events"("event_key");
