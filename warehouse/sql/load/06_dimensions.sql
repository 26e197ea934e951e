-- 6. Dimensions: insert names not yet present.
--
-- relink_indicators runs only when the lexicon changed since the last load: names loaded
-- before are then linked with the new one (inc_links holds every stored name).

-- name: insert_indicators
INSERT INTO dim_indicator SELECT * FROM inc_indicator WHERE indicator_name NOT IN (SELECT indicator_name FROM dim_indicator);

-- name: insert_departments
INSERT INTO dim_department SELECT * FROM inc_department WHERE department_name NOT IN (SELECT department_name FROM dim_department);

-- name: relink_indicators
UPDATE dim_indicator SET canonical_name = l.canonical_name, category = l.category,
       in_lexicon = l.canonical_name IS NOT NULL
FROM inc_links l
WHERE dim_indicator.indicator_name = l.indicator_name
  AND (dim_indicator.canonical_name IS DISTINCT FROM l.canonical_name
       OR dim_indicator.category IS DISTINCT FROM l.category);
