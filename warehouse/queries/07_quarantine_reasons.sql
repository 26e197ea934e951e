-- Why files were not loaded: quarantine reasons with counts and examples.
-- Shape: reason, files, example.
SELECT detail AS reason, count(*) AS files, min(source_file) AS example
FROM v_raw_files
WHERE status = 'quarantined'
GROUP BY detail
ORDER BY files DESC;
