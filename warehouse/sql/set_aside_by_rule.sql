-- Rows a run ($run) set aside, per rule, with up to three sample rows each (indicator, value, unit | sentence).
SELECT rule, count(*) AS n,
       list(concat_ws(' ', indicator_name, value, unit) || ' | ' || left(sentence, 120))[1:3] AS samples
FROM (SELECT unnest(failed_rules) AS rule, indicator_name, value, unit, sentence FROM rejected_statement
      WHERE run_id = $run ORDER BY char_start)
GROUP BY rule ORDER BY rule
