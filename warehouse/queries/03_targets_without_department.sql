-- Targets with no responsible department named: accountability gaps.
-- Shape: indicator_name, value, unit, deadline_text, source_file, sentence.
SELECT indicator_name, value, unit, deadline_text, source_file, sentence
FROM v_indicator_statements
WHERE statement_kind = 'target' AND department IS NULL
ORDER BY source_file, indicator_name;
