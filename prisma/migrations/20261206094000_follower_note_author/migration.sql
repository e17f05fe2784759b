-- A follower's note on a report (their words, photos, spoken description) names its author, so
-- an erasure finds their recording. Notes written before: the note and the follow were stored
-- in one transaction with the same time.
UPDATE thread_messages t
   SET author_id = f.citizen_id
  FROM report_followers f
 WHERE t.report_id = f.report_id
   AND t.direction = 'note'
   AND t.author_kind = 'citizen'
   AND t.author_id IS NULL
   AND t.created_at = f.created_at;
