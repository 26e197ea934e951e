-- All green-coverage figures (绿化覆盖率), actual and target, with who they belong to.
-- Shape: indicator_name, subject, value, unit, statement_kind, source_file, sentence.
SELECT indicator_name, subject, value, unit, statement_kind, source_file, sentence
FROM v_indicator_statements
WHERE indicator_name LIKE '%绿化覆盖率%'
ORDER BY source_file, statement_kind, value;
