-- When the alert's content was drawn (its delivery row's creation): a report changed after that
-- and before the alert was linked has its alert redrawn (app/desk/late-alerts.ts).
ALTER TABLE "alert_links" ADD COLUMN "drawn_at" TIMESTAMP(3);
