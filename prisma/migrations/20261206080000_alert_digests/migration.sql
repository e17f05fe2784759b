-- One message may stand for several reports (an alert digest): unique per report, not per message.
DROP INDEX "alert_links_channel_chat_id_message_id_key";
CREATE UNIQUE INDEX "alert_links_channel_chat_id_message_id_report_id_key" ON "alert_links"("channel", "chat_id", "message_id", "report_id");
