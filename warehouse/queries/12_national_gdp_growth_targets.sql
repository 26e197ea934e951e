-- The national GDP growth target of every year that states one: the same canonical name whether a report
-- writes 国民生产总值比上年增长, 国内生产总值增长 or 经济增长预期目标. One row per year, taken from that
-- year's own report where it has one, its 预期目标/计划 sentence first.
-- Shape: year, value, value_max, comparator, unit, source_file, sentence.
SELECT period_from AS year, value, value_max, comparator, unit, source_file, sentence
FROM v_indicator_statements
WHERE place = '全国' AND indicator_canonical = '地区生产总值增长' AND statement_kind = 'target'
  AND period_from = period_to
QUALIFY row_number() OVER (PARTITION BY period_from
                           ORDER BY speech_year = period_from DESC, regexp_matches(sentence, '目标|计划|预期') DESC,
                                    speech_date, char_start) = 1
ORDER BY year;
