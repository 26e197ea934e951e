-- Which departments own the most targets due before June (deadline resolved to a date in months 1-5,
-- or stated as "N月底前" with N < 6)?
-- Shape: department, targets (one row per department, most first).
SELECT d.department_name AS department, count(*) AS targets
FROM fact_target t
JOIN dim_department d USING (department_key)
JOIN dim_speech s ON s.speech_id = t.speech_id AND s.canonical_speech_id = s.speech_id
WHERE month(t.deadline_date) < 6
   OR TRY_CAST(regexp_extract(t.deadline_text, '^(\d{1,2})月', 1) AS INTEGER) < 6
GROUP BY ALL
ORDER BY targets DESC, department;
