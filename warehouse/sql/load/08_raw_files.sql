-- 8. Raw files: the fate of every file this run touched (create_fate), then the upsert of what
-- it read with its fate (merge_raw_files), then the fate of the other touched files, whose
-- speeches were re-pointed (update_fate: only when earlier_files says there is one).
--
-- The fate goes in with the row rather than by an UPDATE after it: on a DuckLake an UPDATE
-- rewrites whole rows, the original text included.

-- name: create_fate
CREATE OR REPLACE TEMP TABLE inc_fate AS
WITH touched AS (
    -- Only files this run could have changed the fate of: re-deriving every file's fate
    -- would rewrite all of raw_file (and its checkpoint) on every run.
    SELECT source_file FROM inc_raw
    UNION SELECT d.source_file FROM dim_speech d JOIN inc_assign a USING (speech_id)
)
SELECT s.source_file, count(*) AS speeches,
       count(*) FILTER (WHERE s.canonical_speech_id = s.speech_id) AS canonical,
       string_agg(DISTINCT c.canonical_speech_id || ' (' || c.source_file || '#' || c.part_no || ')', '; '
                  ORDER BY c.canonical_speech_id || ' (' || c.source_file || '#' || c.part_no || ')')
           FILTER (WHERE s.canonical_speech_id <> s.speech_id) AS dup_of
FROM dim_speech s JOIN dim_speech c ON c.speech_id = s.canonical_speech_id
WHERE s.source_file IN (SELECT source_file FROM touched)
GROUP BY s.source_file;

-- name: merge_raw_files
-- MERGE rather than ON CONFLICT: one statement for both backends (a DuckLake table has no key).
-- Parameters: first_seen_at, last_loaded_at, arrival_batch, run_id.
MERGE INTO raw_file USING (
    SELECT r.source_file, r.content_sha256, r.size_bytes,
           (SELECT l.mtime_ns FROM landing_file l WHERE l.source_file = r.source_file AND l.size_bytes = r.size_bytes)
               AS mtime_ns,
           r.encoding, r.replaced_chars,
           CASE WHEN q.reason IS NOT NULL THEN 'quarantined'
                WHEN t.canonical = 0 THEN 'duplicate' ELSE 'loaded' END AS status,
           CASE WHEN q.reason IS NOT NULL THEN q.reason
                WHEN t.canonical = 0 THEN 'duplicate of ' || t.dup_of END AS detail,
           CASE WHEN q.reason IS NULL THEN COALESCE(t.speeches, 0) ELSE 0 END AS speech_count,
           r.original_text, ?::TIMESTAMP AS first_seen_at, ?::TIMESTAMP AS last_loaded_at,
           ?::VARCHAR AS arrival_batch, ?::VARCHAR AS run_id
    FROM inc_raw r LEFT JOIN inc_failed f USING (source_file) LEFT JOIN inc_fate t USING (source_file),
         LATERAL (SELECT COALESCE(r.quarantine_reason, f.quarantine_reason) AS reason) q
) AS x ON raw_file.source_file = x.source_file
WHEN MATCHED THEN UPDATE SET
    content_sha256 = x.content_sha256, size_bytes = x.size_bytes, mtime_ns = x.mtime_ns, encoding = x.encoding,
    replaced_chars = x.replaced_chars, status = x.status, detail = x.detail, speech_count = x.speech_count,
    original_text = x.original_text, last_loaded_at = x.last_loaded_at,
    arrival_batch = x.arrival_batch, run_id = x.run_id
WHEN NOT MATCHED THEN INSERT BY NAME;

-- name: earlier_files
-- Whether this run touched a file it did not read (asked of the batch's own frames only).
SELECT EXISTS (SELECT 1 FROM inc_fate WHERE source_file NOT IN (SELECT source_file FROM inc_raw));

-- name: update_fate
UPDATE raw_file r SET speech_count = fate.speeches,
       status = CASE WHEN fate.canonical > 0 THEN 'loaded' ELSE 'duplicate' END,
       detail = CASE WHEN fate.canonical > 0 THEN NULL ELSE 'duplicate of ' || fate.dup_of END
FROM inc_fate fate
WHERE r.source_file = fate.source_file AND r.status <> 'quarantined'
  AND fate.source_file NOT IN (SELECT source_file FROM inc_raw);

-- name: drop_fate
DROP TABLE inc_fate;
