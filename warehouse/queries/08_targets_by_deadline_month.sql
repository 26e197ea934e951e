-- Targets due per deadline (as stated), with the departments that own them.
-- Shape: deadline_text, targets, departments (list).
SELECT deadline_text, count(*) AS targets, list(DISTINCT department ORDER BY department) FILTER (WHERE department IS NOT NULL) AS departments
FROM v_indicator_statements
WHERE statement_kind = 'target' AND deadline_text IS NOT NULL
GROUP BY deadline_text
ORDER BY targets DESC, deadline_text;
