-- A web chat voice note has no picture size: null rather than 0 x 0.
ALTER TABLE "web_chat_files" ALTER COLUMN "width" DROP NOT NULL;
ALTER TABLE "web_chat_files" ALTER COLUMN "height" DROP NOT NULL;
UPDATE "web_chat_files" SET "width" = NULL, "height" = NULL WHERE "mime_type" NOT LIKE 'image/%';
