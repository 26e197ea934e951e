-- Target versus outcome: each target beside the value a later speech reports for the same canonical
-- indicator, place and period, national figures first. `attained` and `gap` follow the contract's rule.
-- Shape: place, indicator_canonical, period, target, actual_value, attained, gap, target_file, actual_file.
SELECT place, indicator_canonical,
       period_from || CASE WHEN period_to <> period_from THEN '–' || period_to ELSE '' END AS period,
       CASE comparator WHEN '~' THEN '≈' WHEN '=' THEN '' ELSE comparator END
           || target_value || coalesce('–' || target_value_max, '') || unit AS target,
       actual_value, attained, round(gap, 2) AS gap, target_file, actual_file
FROM v_target_attainment
ORDER BY place <> '全国', place, indicator_canonical, period_from;
