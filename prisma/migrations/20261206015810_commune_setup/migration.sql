-- AlterTable
ALTER TABLE "canned_replies" ADD COLUMN     "unit_code" TEXT;

-- AlterTable
ALTER TABLE "reports" ADD COLUMN     "awaiting_official_at" TIMESTAMP(3);


