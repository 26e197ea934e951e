-- Indicator names that matched no lexicon entry, most frequent first: candidates to grow schemas/indicator_lexicon.csv.
-- Shape: indicator_name, statements.
SELECT i.indicator_name, count(*) AS statements
FROM dim_indicator i
JOIN (SELECT indicator_key FROM fact_indicator_value UNION ALL SELECT indicator_key FROM fact_target) f USING (indicator_key)
WHERE NOT i.in_lexicon
GROUP BY ALL
ORDER BY statements DESC, i.indicator_name;
