-- 9. The run's own row in load_run: what it saw and added (a re-run of the same run id replaces it).

-- name: delete_run
DELETE FROM load_run WHERE run_id = ?;

-- name: insert_run
INSERT INTO load_run (run_id, arrival_batch, started_at, raw_dir, files_seen, files_new, files_changed,
                      files_unchanged, speeches_added, statements_added, statements_set_aside, more_pending)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
