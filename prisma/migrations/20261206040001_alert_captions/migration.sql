-- AlterTable
ALTER TABLE "alert_links" ADD COLUMN     "captioned" BOOLEAN NOT NULL DEFAULT false;


