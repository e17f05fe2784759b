-- CreateTable
CREATE TABLE "provinces" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,

    CONSTRAINT "provinces_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "units" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_folded" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "province_code" TEXT NOT NULL,
    "valid_from" DATE NOT NULL DEFAULT '2025-07-01'::date,
    "valid_to" DATE,
    "superseded_by" TEXT,

    CONSTRAINT "units_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "unit_aliases" (
    "id" SERIAL NOT NULL,
    "old_name" TEXT NOT NULL,
    "old_district" TEXT NOT NULL,
    "old_province" TEXT NOT NULL,
    "name_folded" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,

    CONSTRAINT "unit_aliases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fields" TEXT[],
    "rank" INTEGER NOT NULL,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "officials" (
    "id" SERIAL NOT NULL,
    "position_id" INTEGER NOT NULL,
    "unit_code" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "external_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "unreachable_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "officials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unit_groups" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "chat_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unit_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invites" (
    "code" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "position_kind" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "fields" TEXT[],
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "official_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "citizens" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "external_id" TEXT,
    "chat_id" TEXT,
    "display_name" TEXT,
    "username" TEXT,
    "phone" TEXT,
    "language" TEXT NOT NULL DEFAULT 'vi',
    "consent_at" TIMESTAMP(3),
    "last_unit_code" TEXT,
    "erased_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "categories" (
    "code" TEXT NOT NULL,
    "name_vi" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "deadline_days" INTEGER NOT NULL,
    "on_site" BOOLEAN NOT NULL DEFAULT false,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "routing_rules" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT,
    "category_code" TEXT,
    "kind" TEXT,
    "position_kind" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports" (
    "id" SERIAL NOT NULL,
    "ticket_code" TEXT NOT NULL,
    "submission_key" TEXT,
    "citizen_id" INTEGER NOT NULL,
    "unit_code" TEXT NOT NULL,
    "category_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "address" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "contact_phone" TEXT,
    "about_official_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "assigned_position_id" INTEGER,
    "assigned_official_id" INTEGER,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMP(3) NOT NULL,
    "reminded_at" TIMESTAMP(3),
    "routed_at" TIMESTAMP(3),
    "acknowledged_at" TIMESTAMP(3),
    "resolved_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "extended_at" TIMESTAMP(3),
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "result_type" TEXT,
    "verdict" TEXT,
    "flow_id" TEXT NOT NULL,
    "flow_version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachments" (
    "id" SERIAL NOT NULL,
    "report_id" INTEGER NOT NULL,
    "thread_message_id" INTEGER,
    "kind" TEXT NOT NULL,
    "file_id" TEXT NOT NULL,
    "file_unique_id" TEXT,
    "mime_type" TEXT,
    "size" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_events" (
    "id" SERIAL NOT NULL,
    "report_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" INTEGER,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thread_messages" (
    "id" SERIAL NOT NULL,
    "report_id" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "author_kind" TEXT NOT NULL,
    "author_id" INTEGER,
    "text" TEXT NOT NULL,
    "delivered_at" TIMESTAMP(3),
    "edited_at" TIMESTAMP(3),
    "deleted_at" TIMESTAMP(3),
    "source_chat_id" TEXT,
    "source_message_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thread_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_links" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "chat_id" TEXT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "report_id" INTEGER NOT NULL,
    "official_id" INTEGER,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "canned_replies" (
    "id" SERIAL NOT NULL,
    "category_code" TEXT,
    "status" TEXT,
    "text" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "canned_replies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ratings" (
    "id" SERIAL NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "unit_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "submission_key" TEXT,
    "period" TEXT NOT NULL,
    "flow_id" TEXT NOT NULL,
    "flow_version" INTEGER NOT NULL,
    "counter_code" TEXT,
    "staff_code" TEXT,
    "report_id" INTEGER,
    "replaced_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ratings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rating_answers" (
    "id" SERIAL NOT NULL,
    "rating_id" INTEGER NOT NULL,
    "item_id" TEXT NOT NULL,
    "criterion" INTEGER,
    "score" INTEGER,
    "choices" TEXT[],
    "text" TEXT,

    CONSTRAINT "rating_answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "key" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "last_update_id" BIGINT NOT NULL DEFAULT -1,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'telegram',
    "chat_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "report_id" INTEGER,
    "official_id" INTEGER,
    "message_ids" INTEGER[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_days" (
    "date" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "calendar_days_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "counters" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "counters_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "units_province_code_idx" ON "units"("province_code");

-- CreateIndex
CREATE INDEX "units_name_folded_idx" ON "units"("name_folded");

-- CreateIndex
CREATE INDEX "unit_aliases_unit_code_idx" ON "unit_aliases"("unit_code");

-- CreateIndex
CREATE UNIQUE INDEX "unit_aliases_old_name_old_district_old_province_unit_code_key" ON "unit_aliases"("old_name", "old_district", "old_province", "unit_code");

-- CreateIndex
CREATE INDEX "positions_unit_code_kind_idx" ON "positions"("unit_code", "kind");

-- CreateIndex
CREATE INDEX "officials_unit_code_active_idx" ON "officials"("unit_code", "active");

-- CreateIndex
CREATE INDEX "officials_channel_external_id_idx" ON "officials"("channel", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "unit_groups_channel_chat_id_key" ON "unit_groups"("channel", "chat_id");

-- CreateIndex
CREATE UNIQUE INDEX "citizens_channel_external_id_key" ON "citizens"("channel", "external_id");

-- CreateIndex
CREATE INDEX "routing_rules_unit_code_category_code_kind_idx" ON "routing_rules"("unit_code", "category_code", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "reports_ticket_code_key" ON "reports"("ticket_code");

-- CreateIndex
CREATE UNIQUE INDEX "reports_submission_key_key" ON "reports"("submission_key");

-- CreateIndex
CREATE INDEX "reports_status_due_at_idx" ON "reports"("status", "due_at");

-- CreateIndex
CREATE INDEX "reports_unit_code_status_idx" ON "reports"("unit_code", "status");

-- CreateIndex
CREATE INDEX "reports_citizen_id_idx" ON "reports"("citizen_id");

-- CreateIndex
CREATE INDEX "attachments_report_id_idx" ON "attachments"("report_id");

-- CreateIndex
CREATE INDEX "report_events_report_id_created_at_idx" ON "report_events"("report_id", "created_at");

-- CreateIndex
CREATE INDEX "thread_messages_report_id_created_at_idx" ON "thread_messages"("report_id", "created_at");

-- CreateIndex
CREATE INDEX "thread_messages_source_chat_id_source_message_id_idx" ON "thread_messages"("source_chat_id", "source_message_id");

-- CreateIndex
CREATE INDEX "alert_links_report_id_idx" ON "alert_links"("report_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_links_channel_chat_id_message_id_key" ON "alert_links"("channel", "chat_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "ratings_submission_key_key" ON "ratings"("submission_key");

-- CreateIndex
CREATE INDEX "ratings_unit_code_kind_period_idx" ON "ratings"("unit_code", "kind", "period");

-- CreateIndex
CREATE INDEX "ratings_citizen_id_unit_code_kind_period_idx" ON "ratings"("citizen_id", "unit_code", "kind", "period");

-- CreateIndex
CREATE INDEX "rating_answers_rating_id_idx" ON "rating_answers"("rating_id");

-- CreateIndex
CREATE UNIQUE INDEX "deliveries_dedupe_key_key" ON "deliveries"("dedupe_key");

-- CreateIndex
CREATE INDEX "deliveries_state_created_at_idx" ON "deliveries"("state", "created_at");

-- CreateIndex
CREATE INDEX "deliveries_chat_id_id_idx" ON "deliveries"("chat_id", "id");

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "provinces"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_aliases" ADD CONSTRAINT "unit_aliases_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "positions" ADD CONSTRAINT "positions_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "officials" ADD CONSTRAINT "officials_position_id_fkey" FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "unit_groups" ADD CONSTRAINT "unit_groups_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizens"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_thread_message_id_fkey" FOREIGN KEY ("thread_message_id") REFERENCES "thread_messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread_messages" ADD CONSTRAINT "thread_messages_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizens"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rating_answers" ADD CONSTRAINT "rating_answers_rating_id_fkey" FOREIGN KEY ("rating_id") REFERENCES "ratings"("id") ON DELETE CASCADE ON UPDATE CASCADE;
