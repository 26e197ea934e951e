-- Canonical speeches with their statement counts (or the reason they have none).
-- Shape: source_file, part_no, title, statement_count, no_statement_reason.
SELECT source_file, part_no, title, statement_count, no_statement_reason
FROM v_speeches
WHERE speech_id = canonical_speech_id
ORDER BY statement_count DESC NULLS LAST, source_file, part_no;
