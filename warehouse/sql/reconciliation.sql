-- The file reconciliation of a run ($run), a blocking check (pipeline/steps.py validate): every
-- file this run's scan found has a fate (loaded, duplicate or quarantined, with its detail), every
-- canonical speech has statements or a reason, and no key is duplicated. Each column but `files`
-- and `accounted` must be 0; `files` must equal `accounted`.
SELECT
  (SELECT count(*) FROM raw_file) AS files,
  (SELECT count(*) FROM raw_file WHERE status IN ('loaded', 'duplicate', 'quarantined')) AS accounted,
  (SELECT count(*) FROM raw_file WHERE status = 'quarantined' AND detail IS NULL) AS quarantined_without_reason,
  (SELECT count(*) FROM raw_file WHERE status = 'duplicate' AND detail IS NULL) AS duplicate_without_canonical,
  (SELECT count(*) FROM dim_speech WHERE speech_id = canonical_speech_id
     AND COALESCE(statement_count, 0) = 0 AND no_statement_reason IS NULL) AS canonical_without_statements_or_reason,
  (SELECT count(*) FROM dim_speech s WHERE NOT EXISTS
     (SELECT 1 FROM dim_speech c WHERE c.speech_id = s.canonical_speech_id)) AS dangling_canonical,
  (SELECT count(*) FROM raw_file r WHERE r.status <> 'quarantined' AND NOT EXISTS
     (SELECT 1 FROM dim_speech s WHERE s.source_file = r.source_file)) AS loaded_without_speech,
  -- landing_file is the landing directory as this run's scan found it. A run that left
  -- files for the next batch is excused; the last batch of a sequence is not
  (SELECT count(*) FROM landing_file l WHERE NOT EXISTS
     (SELECT 1 FROM raw_file r WHERE r.source_file = l.source_file)
     AND NOT (SELECT COALESCE(bool_or(more_pending), FALSE) FROM load_run WHERE run_id = $run))
     AS scanned_without_fate,
  -- fact tables carry no primary key (load speed): prove this run's ids are new. A join
  -- from this run's few ids (an IN over the others built a hash table of every id: 0.25 s at 100k speeches)
  (SELECT count(*) FROM (SELECT statement_id FROM fact_indicator_value WHERE run_id = $run) n
     JOIN fact_indicator_value g USING (statement_id) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) FROM (SELECT statement_id FROM fact_target WHERE run_id = $run) n
     JOIN fact_target g USING (statement_id) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) FROM (SELECT statement_id FROM rejected_statement WHERE run_id = $run) n
     JOIN rejected_statement g USING (statement_id) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) - count(DISTINCT statement_id) FROM rejected_statement WHERE run_id = $run)
  + (SELECT count(*) - count(DISTINCT (speech_id, band_no)) FROM speech_band
     WHERE speech_id IN (SELECT speech_id FROM dim_speech WHERE run_id = $run))
  -- The keys the DuckDB file enforces with PRIMARY KEY / UNIQUE, proved here because a
  -- DuckLake table has no constraint (warehouse/lake.py); 0 by construction on a file.
  + (SELECT count(*) FROM (SELECT speech_id FROM dim_speech WHERE run_id = $run) n
     JOIN dim_speech g USING (speech_id) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) - count(DISTINCT speech_id) FROM dim_speech WHERE run_id = $run)
  + (SELECT count(*) FROM (SELECT source_file, part_no FROM dim_speech WHERE run_id = $run) n
     JOIN dim_speech g USING (source_file, part_no) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) FROM (SELECT source_file FROM raw_file WHERE run_id = $run) n
     JOIN raw_file g USING (source_file) WHERE g.run_id IS DISTINCT FROM $run)
  + (SELECT count(*) - count(DISTINCT source_file) FROM raw_file WHERE run_id = $run)
  + (SELECT count(*) - count(DISTINCT source_file) FROM landing_file)
  + (SELECT count(*) - count(DISTINCT indicator_key) + count(*) - count(DISTINCT indicator_name) FROM dim_indicator)
  + (SELECT count(*) - count(DISTINCT department_key) + count(*) - count(DISTINCT department_name) FROM dim_department)
  + (SELECT count(*) - count(DISTINCT run_id) FROM load_run)
  + (SELECT count(*) - count(DISTINCT key) FROM warehouse_meta) AS duplicate_keys
