-- CreateTable
CREATE TABLE "reception_days" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT NOT NULL,
    "weekday" INTEGER,
    "date" DATE,
    "start_time" TEXT NOT NULL,
    "end_time" TEXT NOT NULL,
    "slots" INTEGER NOT NULL,
    "place" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reception_days_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reception_bookings" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "slot_no" INTEGER NOT NULL,
    "citizen_id" INTEGER NOT NULL,
    "matter" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reminded_at" TIMESTAMP(3),

    CONSTRAINT "reception_bookings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reception_days_unit_code_weekday_key" ON "reception_days"("unit_code", "weekday");

-- CreateIndex
CREATE UNIQUE INDEX "reception_days_unit_code_date_key" ON "reception_days"("unit_code", "date");

-- CreateIndex
CREATE INDEX "reception_bookings_date_reminded_at_idx" ON "reception_bookings"("date", "reminded_at");

-- CreateIndex
CREATE UNIQUE INDEX "reception_bookings_unit_code_date_slot_no_key" ON "reception_bookings"("unit_code", "date", "slot_no");

-- CreateIndex
CREATE UNIQUE INDEX "reception_bookings_citizen_id_unit_code_date_key" ON "reception_bookings"("citizen_id", "unit_code", "date");

-- AddForeignKey
ALTER TABLE "reception_days" ADD CONSTRAINT "reception_days_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reception_bookings" ADD CONSTRAINT "reception_bookings_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizens"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


