-- The same indicator stated for several subjects in one speech (我市 vs 北京市 vs 全省).
-- Shape: indicator, subjects (list), values (list), speech_title.
SELECT indicator, list(DISTINCT subject ORDER BY subject) AS subjects, list(value ORDER BY value) AS "values", speech_title
FROM v_indicator_values
WHERE subject IS NOT NULL AND statement_kind = 'actual'
GROUP BY indicator, speech_title
HAVING count(DISTINCT subject) >= 2
ORDER BY indicator;
