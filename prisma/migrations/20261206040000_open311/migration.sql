
-- AlterTable
ALTER TABLE "reports" ADD COLUMN     "is_public" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "open311_keys" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "unit_code" TEXT,
    "province_code" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "open311_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "open311_inbound_updates" (
    "id" SERIAL NOT NULL,
    "key_id" INTEGER NOT NULL,
    "update_id" TEXT NOT NULL,
    "report_id" INTEGER NOT NULL,
    "thread_message_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "open311_inbound_updates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "open311_keys_key_hash_key" ON "open311_keys"("key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "open311_inbound_updates_key_id_update_id_key" ON "open311_inbound_updates"("key_id", "update_id");

-- AddForeignKey
ALTER TABLE "open311_inbound_updates" ADD CONSTRAINT "open311_inbound_updates_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "open311_keys"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


