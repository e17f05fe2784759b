-- AlterTable
ALTER TABLE "ratings" ADD COLUMN     "flags" TEXT[] DEFAULT ARRAY[]::TEXT[];


