-- 2. New speeches, with their dedup assignment.
--
-- Parameter: the run id.

-- name: insert_speeches
INSERT INTO dim_speech BY NAME
SELECT s.speech_id, s.source_file, s.part_no, s.title, s.compilation_title, s.speech_date, s.published_at,
       CAST(strftime(s.speech_date, '%Y%m%d') AS INTEGER) AS speech_date_key,
       s.source_url, s.site, s.speaker_role, s.admin_level, s.place, s.source_script, s.topic_score,
       s.off_topic, s.redacted, s.char_count, s.body_text,
       -- stored once: a speech that is its whole file has that text in raw_file already
       CASE WHEN s.original_text = r.original_text THEN NULL ELSE s.original_text END AS original_text,
       CAST(s.cleaning_report AS JSON) AS cleaning_report, s.repair_count, s.content_hash,
       a.canonical_speech_id, a.dup_kind, a.similarity AS dup_similarity, s.seen_rank, ? AS run_id,
       -- set here, not by an UPDATE after the facts: on a DuckLake an UPDATE rewrites whole
       -- rows, texts included (500 MB end to end wrote every new speech twice)
       p.statement_count, p.no_statement_reason, s.jurisdiction, s.jurisdiction_code, s.speech_year
FROM inc_speech s JOIN inc_assign a USING (speech_id) LEFT JOIN inc_raw r USING (source_file)
LEFT JOIN inc_per_speech p USING (speech_id);
