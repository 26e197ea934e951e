-- 4. Facts of demoted speeches: facts only ever belong to canonical speeches, so those of demoted
-- ones go (delete_demoted_facts, once per table of warehouse.load.STATEMENT_TABLES: {table} is
-- one of those names, filled in at import), and so do their extraction counts.
--
-- Only speeches this run assigned can have been demoted; touching every duplicate of the
-- warehouse would rewrite dim_speech's row groups (and the checkpoint) on every run.

-- name: delete_demoted_facts
DELETE FROM {table} WHERE speech_id IN (SELECT speech_id FROM inc_assign WHERE canonical_speech_id <> speech_id);

-- name: earlier_demoted
-- Whether this run demoted a speech it did not insert (asked of the batch's own frames only).
SELECT EXISTS (SELECT 1 FROM inc_assign WHERE canonical_speech_id <> speech_id
                                         AND speech_id NOT IN (SELECT speech_id FROM inc_speech));

-- name: clear_demoted_counts
UPDATE dim_speech SET statement_count = NULL, no_statement_reason = NULL
WHERE speech_id IN (SELECT speech_id FROM inc_assign WHERE canonical_speech_id <> speech_id)
  AND (statement_count IS NOT NULL OR no_statement_reason IS NOT NULL);
