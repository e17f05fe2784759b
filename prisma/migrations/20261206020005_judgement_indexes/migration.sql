-- CreateIndex
CREATE INDEX "rating_answers_rating_id_item_id_score_idx" ON "rating_answers"("rating_id", "item_id", "score");

-- CreateIndex
CREATE INDEX "ratings_unit_code_created_at_idx" ON "ratings"("unit_code", "created_at");


