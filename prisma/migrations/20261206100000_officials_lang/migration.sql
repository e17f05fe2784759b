-- The language an official (or a staff group) reads gopy in: Vietnamese unless they chose English.
ALTER TABLE "officials" ADD COLUMN "lang" TEXT NOT NULL DEFAULT 'vi';
ALTER TABLE "unit_groups" ADD COLUMN "lang" TEXT NOT NULL DEFAULT 'vi';
