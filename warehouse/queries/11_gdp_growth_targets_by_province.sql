-- Every province's GDP growth target for one year: one row per province-level place, under one canonical name.
-- The year is the latest any province sets one for; to pin a year, replace `latest.year` with it (e.g. 2026).
-- A report states its GDP target in its 主要预期目标 sentence first; a later mention does not replace it.
-- Shape: place, place_code, year, value, value_max, comparator, unit, source_file, sentence.
WITH gdp AS (
    SELECT * FROM v_indicator_statements
    WHERE indicator_canonical = '地区生产总值增长' AND statement_kind = 'target'
      AND period_from = period_to AND place_code LIKE '__0000'
), latest AS (
    SELECT max(period_from) AS year FROM gdp
)
SELECT g.place, g.place_code, g.period_from AS year, g.value, g.value_max, g.comparator, g.unit, g.source_file,
       g.sentence
FROM gdp g, latest
WHERE g.period_from = latest.year
QUALIFY row_number() OVER (PARTITION BY g.place
                           ORDER BY g.sentence LIKE '%目标%' DESC, g.speech_date, g.char_start) = 1
ORDER BY g.place_code;
