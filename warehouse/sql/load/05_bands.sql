-- 5. Band hashes (and MinHash signatures) for near-duplicate detection of later arrivals.
--
-- Rows to replace can only belong to speeches loaded by an earlier run (this run's own were
-- deleted in 1. or are new): when no earlier speech is concerned, the join is empty and DuckDB
-- skips the scan of the big table (0.05–0.1 s for each of these deletes at 100k speeches).
-- Parameter of the deletes: the run id.

-- name: delete_bands
DELETE FROM speech_band WHERE speech_id IN (SELECT DISTINCT i.speech_id FROM inc_band i
    JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?);

-- name: insert_bands
INSERT INTO speech_band SELECT speech_id, band_no, band_hash FROM inc_band;

-- name: delete_signatures
DELETE FROM speech_signature WHERE speech_id IN (SELECT i.speech_id FROM inc_sig i
    JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?);

-- name: insert_signatures
INSERT INTO speech_signature SELECT speech_id, signature, n_shingles, sketch_version FROM inc_sig;
