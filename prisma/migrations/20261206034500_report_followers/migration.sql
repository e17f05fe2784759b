-- AlterTable
ALTER TABLE "categories" ADD COLUMN     "nearby_radius_m" INTEGER NOT NULL DEFAULT 250;

-- CreateTable
CREATE TABLE "report_followers" (
    "id" SERIAL NOT NULL,
    "report_id" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "via" TEXT NOT NULL,
    "verdict" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_followers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "report_followers_citizen_id_idx" ON "report_followers"("citizen_id");

-- CreateIndex
CREATE UNIQUE INDEX "report_followers_report_id_citizen_id_key" ON "report_followers"("report_id", "citizen_id");

-- CreateIndex
CREATE INDEX "reports_category_code_latitude_idx" ON "reports"("category_code", "latitude");

-- AddForeignKey
ALTER TABLE "report_followers" ADD CONSTRAINT "report_followers_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


