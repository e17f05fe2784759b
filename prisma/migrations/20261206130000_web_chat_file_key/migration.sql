-- A web chat upload's idempotency key: the browser sends a failed upload again with the same
-- key, which must find the file the first one stored rather than store the bytes twice.
ALTER TABLE "web_chat_files" ADD COLUMN "key" TEXT;
CREATE UNIQUE INDEX "web_chat_files_chat_id_key_key" ON "web_chat_files"("chat_id", "key");
