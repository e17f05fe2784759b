-- AlterTable
ALTER TABLE "canned_replies" ADD COLUMN     "unit_code" TEXT;


