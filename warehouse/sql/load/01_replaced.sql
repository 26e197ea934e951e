-- 1. Replaced content: speeches of changed files go, with their facts and bands.
--
-- Run once per table of warehouse.load.REPLACED_TABLES (the statement tables, speech_band,
-- speech_signature, dim_speech): {table} stands for one of those names, filled in at import,
-- never for a value.

-- name: delete_replaced
DELETE FROM {table} WHERE speech_id IN (SELECT speech_id FROM inc_deleted);
