-- Publish or discard a validated run ($run)? Files it read new or changed, and whether it migrated
-- the schema or refreshed stored file stats (both change the warehouse without a new file).
-- warehouse/backend.py publishes when either is non-zero, or when nothing is published yet.
SELECT (SELECT COALESCE(sum(files_new + files_changed), 0) FROM load_run WHERE run_id = $run) AS files_changed,
       (SELECT count(*) FROM warehouse_meta
         WHERE key IN ('migrated_by_run', 'stats_refreshed_by_run') AND value = $run) AS migrated
