-- 3. Re-pointed existing speeches (a better copy arrived, or their canonical was replaced).
--
-- Only speeches of earlier runs: those this run inserted got their assignment in 2.
-- The UPDATE runs only when earlier_assigned says such a speech can exist (warehouse.load._any:
-- on a DuckLake an UPDATE that matches nothing still reads the whole table's Parquet files).

-- name: earlier_assigned
-- Whether this run assigned a speech it did not insert (asked of the batch's own frames only).
SELECT EXISTS (SELECT 1 FROM inc_assign WHERE speech_id NOT IN (SELECT speech_id FROM inc_speech));

-- name: repoint_speeches
-- Parameter: the run id.
UPDATE dim_speech d SET canonical_speech_id = a.canonical_speech_id, dup_kind = a.dup_kind,
       dup_similarity = a.similarity
FROM inc_assign a
WHERE d.speech_id = a.speech_id AND d.run_id IS DISTINCT FROM ?;
