-- Speeches that were posted more than once, with every copy.
-- Shape: canonical_file, title, copies, duplicate_files (list).
SELECT canonical_file, title, count(*) AS copies, list(duplicate_file ORDER BY duplicate_file) AS duplicate_files
FROM v_speech_duplicates
GROUP BY ALL
ORDER BY copies DESC, canonical_file;
