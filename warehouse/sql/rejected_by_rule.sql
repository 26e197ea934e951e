-- Every statement set aside in the published warehouse, counted per failing rule (the `make run` summary).
SELECT rule, count(*) AS n
FROM (SELECT unnest(failed_rules) AS rule FROM v_rejected_statements)
GROUP BY rule ORDER BY count(*) DESC, rule
