-- Web chat citizens go by the name gopy gives them (WEB_CITIZEN_NAME in
-- src/channels/webchat/web-chat-intake.ts), which officials read in lists. It was
-- «Người dân (web chat)» before the officials' texts named the channel in Vietnamese; a citizen
-- who writes again is renamed by that write, one who does not would keep the old label. Only the
-- web chat's rows with exactly the old label: a Telegram or Zalo user who calls themselves so
-- keeps their own name.
UPDATE "citizens"
   SET "display_name" = 'Người dân (trò chuyện trên web)'
 WHERE "channel" = 'web'
   AND "display_name" = 'Người dân (web chat)';
