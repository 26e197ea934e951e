-- What a warehouse holds, written once: the load step's metadata, the publish step's and `make run`'s
-- summary read it (warehouse.reads.totals). Over the tables, not the views: statements are counted
-- as the fact rows, equal to count(*) of v_indicator_statements once the checks passed (facts belong
-- to canonical speeches and known indicators) and 0.3 s cheaper at 100k speeches.
SELECT (SELECT count(*) FROM raw_file) AS files,
       (SELECT count(*) FROM raw_file WHERE status = 'loaded') AS loaded,
       (SELECT count(*) FROM raw_file WHERE status = 'duplicate') AS duplicate,
       (SELECT count(*) FROM raw_file WHERE status = 'quarantined') AS quarantined,
       (SELECT count(*) FROM dim_speech) AS speeches,
       (SELECT count(*) FROM dim_speech WHERE speech_id = canonical_speech_id) AS canonical,
       (SELECT count(*) FROM fact_indicator_value) + (SELECT count(*) FROM fact_target) AS statements,
       (SELECT count(*) FROM rejected_statement) AS set_aside
