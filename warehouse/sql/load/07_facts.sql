-- 7. Facts of the speeches extracted this run, and the statements set aside.
--
-- They replace any facts those speeches had: only earlier runs' speeches can have some (see
-- 05_bands.sql), so delete_extracted_facts joins on them (once per table of
-- warehouse.load.STATEMENT_TABLES: {table} is one of those names, filled in at import).
-- The extraction counts of speeches this run inserted went in with them (02_new_speeches.sql);
-- update_counts sets those of earlier runs' speeches, and runs only when earlier_extracted says
-- there can be one. Parameter of every statement but earlier_extracted: the run id.

-- name: delete_extracted_facts
DELETE FROM {table} WHERE speech_id IN (SELECT p.speech_id FROM inc_per_speech p
    JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?);

-- name: insert_indicator_values
INSERT INTO fact_indicator_value BY NAME
SELECT t.statement_id, t.speech_id, i.indicator_key, t.subject, t.value, t.value_max, t.unit, t.unit_kind,
       t.value_base, t.unit_base, t.statement_kind, t.comparator, t.sentence, t.char_start, t.char_end,
       t.pattern, t.place, t.place_code, t.period_from, t.period_to, s.speech_date_key, ? AS run_id
FROM inc_stmt t JOIN dim_indicator i USING (indicator_name) JOIN dim_speech s USING (speech_id)
WHERE t.statement_kind IN ('actual', 'baseline');

-- name: insert_targets
INSERT INTO fact_target BY NAME
SELECT t.statement_id, t.speech_id, i.indicator_key, d.department_key, t.subject, t.value, t.value_max,
       t.unit, t.unit_kind, t.value_base, t.unit_base, t.comparator, t.deadline_text, t.deadline_date,
       CAST(strftime(t.deadline_date, '%Y%m%d') AS INTEGER) AS deadline_date_key, 'open' AS status,
       t.sentence, t.char_start, t.char_end, t.pattern, t.place, t.place_code, t.period_from, t.period_to,
       s.speech_date_key, ? AS run_id
FROM inc_stmt t JOIN dim_indicator i USING (indicator_name) JOIN dim_speech s USING (speech_id)
LEFT JOIN dim_department d ON d.department_name = t.department
WHERE t.statement_kind = 'target';

-- name: insert_set_aside
-- Statements the row rules set aside (transforms/row_rules.py): queryable, never published.
INSERT INTO rejected_statement BY NAME
SELECT statement_id, speech_id, failed_rules, indicator_name, subject, value, value_max, unit, unit_kind,
       statement_kind, comparator, deadline_text, department, sentence, char_start, char_end, pattern,
       place, place_code, period_from, period_to, ? AS run_id
FROM inc_set_aside;

-- name: earlier_extracted
-- Whether this run extracted a speech it did not insert (asked of the batch's own frames only).
SELECT EXISTS (SELECT 1 FROM inc_per_speech WHERE speech_id NOT IN (SELECT speech_id FROM inc_speech));

-- name: update_counts
UPDATE dim_speech d SET statement_count = p.statement_count, no_statement_reason = p.no_statement_reason
FROM inc_per_speech p WHERE d.speech_id = p.speech_id AND d.run_id IS DISTINCT FROM ?;
