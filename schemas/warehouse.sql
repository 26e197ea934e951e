-- Warehouse DDL: the single source of truth for every table. Applied idempotently
-- (CREATE … IF NOT EXISTS) by warehouse.connect.ensure_schema; COMMENTs make
-- duckdb_columns() the data dictionary. Keys are stable hashes of natural keys
-- (transforms.ids.stable_id), so reruns and rebuilds give the same ids.

CREATE TABLE IF NOT EXISTS raw_file (
    source_file      VARCHAR PRIMARY KEY,
    content_sha256   VARCHAR NOT NULL,
    size_bytes       BIGINT,
    mtime_ns         BIGINT,
    encoding         VARCHAR,
    replaced_chars   INTEGER,
    status           VARCHAR NOT NULL CHECK (status IN ('loaded', 'duplicate', 'quarantined')),
    detail           VARCHAR,
    speech_count     INTEGER,
    original_text    VARCHAR,
    first_seen_at    TIMESTAMP,
    last_loaded_at   TIMESTAMP,
    arrival_batch    VARCHAR,
    run_id           VARCHAR
);
COMMENT ON TABLE raw_file IS 'One row per raw file ever seen in the landing directory, with its fate: loaded, duplicate (of which speech) or quarantined (why).';
COMMENT ON COLUMN raw_file.source_file IS 'Path of the file relative to the landing directory (SPEECH_RAW_DIR); natural key.';
COMMENT ON COLUMN raw_file.content_sha256 IS 'SHA-256 of the raw bytes as last loaded; a change means the file is reprocessed and its old rows replaced.';
COMMENT ON COLUMN raw_file.size_bytes IS 'Size of the raw file in bytes.';
COMMENT ON COLUMN raw_file.mtime_ns IS 'Modification time seen by the last scan that hashed the current content (a touched file with the same content updates it); with size_bytes unchanged, later runs skip re-hashing the file.';
COMMENT ON COLUMN raw_file.encoding IS 'Encoding the bytes were decoded with (utf-8, gb18030, big5, utf-16 …); NULL when undecodable.';
COMMENT ON COLUMN raw_file.replaced_chars IS 'Invalid byte sequences replaced by U+FFFD while decoding.';
COMMENT ON COLUMN raw_file.status IS 'loaded: at least one canonical speech came from it; duplicate: every speech in it duplicates another; quarantined: not loaded, see detail.';
COMMENT ON COLUMN raw_file.detail IS 'For duplicate: the canonical speech id(s) and their file; for quarantined: the reason; else NULL.';
COMMENT ON COLUMN raw_file.speech_count IS 'Speeches found in the file (篇1…篇N compilations give several).';
COMMENT ON COLUMN raw_file.original_text IS 'Decoded text of the file before any cleaning (the original kept beside the clean text).';
COMMENT ON COLUMN raw_file.first_seen_at IS 'When a run first saw this path.';
COMMENT ON COLUMN raw_file.last_loaded_at IS 'When the current content was processed.';
COMMENT ON COLUMN raw_file.arrival_batch IS 'Dagster partition (arrival batch) whose run processed the current content; re-running that partition reprocesses exactly these files.';
COMMENT ON COLUMN raw_file.run_id IS 'Dagster run that processed the current content.';

CREATE TABLE IF NOT EXISTS landing_file (
    source_file     VARCHAR PRIMARY KEY,
    size_bytes      BIGINT,
    mtime_ns        BIGINT,
    problem         VARCHAR,
    last_seen_run   VARCHAR,
    last_seen_at    TIMESTAMP
);
COMMENT ON TABLE landing_file IS 'The landing directory as the last scan found it, one row per path (a vanished path leaves, its raw_file fate stays): the reconciliation check proves each has a raw_file fate.';
COMMENT ON COLUMN landing_file.source_file IS 'Path relative to the landing directory.';
COMMENT ON COLUMN landing_file.size_bytes IS 'Size at the last scan.';
COMMENT ON COLUMN landing_file.mtime_ns IS 'Modification time (ns since the epoch) at the last scan.';
COMMENT ON COLUMN landing_file.problem IS 'Why the scan could not read it (unsupported type, symlink outside …), else NULL.';
COMMENT ON COLUMN landing_file.last_seen_run IS 'Dagster run whose scan recorded this row: the path appeared, or its size, mtime or problem changed (unchanged paths are not rewritten).';
COMMENT ON COLUMN landing_file.last_seen_at IS 'When that scan ran.';

CREATE TABLE IF NOT EXISTS dim_speech (
    speech_id            VARCHAR PRIMARY KEY,
    source_file          VARCHAR NOT NULL,
    part_no              INTEGER NOT NULL,
    title                VARCHAR,
    compilation_title    VARCHAR,
    speech_date          DATE,
    published_at         TIMESTAMP,
    speech_date_key      INTEGER,
    source_url           VARCHAR,
    site                 VARCHAR,
    speaker_role         VARCHAR,
    admin_level          VARCHAR,
    place                VARCHAR,
    source_script        VARCHAR,
    topic_score          DOUBLE,
    off_topic            BOOLEAN NOT NULL DEFAULT FALSE,
    redacted             BOOLEAN NOT NULL DEFAULT FALSE,
    char_count           INTEGER NOT NULL,
    body_text            VARCHAR NOT NULL,
    original_text        VARCHAR,
    cleaning_report      JSON,
    repair_count         INTEGER,
    content_hash         VARCHAR NOT NULL,
    canonical_speech_id  VARCHAR NOT NULL,
    dup_kind             VARCHAR CHECK (dup_kind IS NULL OR dup_kind IN ('exact', 'near')),
    dup_similarity       DOUBLE,
    seen_rank            BIGINT,
    statement_count      INTEGER,
    no_statement_reason  VARCHAR,
    run_id               VARCHAR,
    jurisdiction         VARCHAR,
    jurisdiction_code    VARCHAR,
    speech_year          INTEGER,
    UNIQUE (source_file, part_no)
);
COMMENT ON TABLE dim_speech IS 'One row per speech found (one per 篇 of a compilation), duplicates included; canonical_speech_id links copies to the speech analysts count.';
COMMENT ON COLUMN dim_speech.speech_id IS 'Stable id: hash of (source_file, part_no, content_hash).';
COMMENT ON COLUMN dim_speech.source_file IS 'Raw file the speech came from (raw_file.source_file).';
COMMENT ON COLUMN dim_speech.part_no IS '1-based position of the speech in its file.';
COMMENT ON COLUMN dim_speech.title IS 'Cleaned title, Simplified.';
COMMENT ON COLUMN dim_speech.compilation_title IS 'Title of the compilation the speech was cut from, when it was one.';
COMMENT ON COLUMN dim_speech.speech_date IS 'Date of the speech as stated, else the page publication date.';
COMMENT ON COLUMN dim_speech.published_at IS 'Publication time the page gave, when it did.';
COMMENT ON COLUMN dim_speech.speech_date_key IS 'dim_date key (yyyymmdd) of speech_date.';
COMMENT ON COLUMN dim_speech.source_url IS 'URL the page named as its own address.';
COMMENT ON COLUMN dim_speech.site IS 'Site the page came from (domain or site name).';
COMMENT ON COLUMN dim_speech.speaker_role IS 'Speaker role from the title: 区长, 市长, 书记 …';
COMMENT ON COLUMN dim_speech.admin_level IS 'Level of the speaking government from self-references: 省, 市, 区, 县, 镇.';
COMMENT ON COLUMN dim_speech.place IS 'Places the speech mentions (not redacted), 、-separated, in order of first mention; not its jurisdiction (see jurisdiction).';
COMMENT ON COLUMN dim_speech.source_script IS 'Script of the original: simplified, traditional or mixed.';
COMMENT ON COLUMN dim_speech.topic_score IS 'For compilation parts: 0..1 overlap with the compilation title.';
COMMENT ON COLUMN dim_speech.off_topic IS 'A compilation part whose content does not match the compilation title (kept, flagged).';
COMMENT ON COLUMN dim_speech.redacted IS 'The text carried redactions (201*年, XX市 …), now tokenised as 20xx / XX.';
COMMENT ON COLUMN dim_speech.char_count IS 'Characters of cleaned body text.';
COMMENT ON COLUMN dim_speech.body_text IS 'Cleaned body, Simplified, ASCII digits, Chinese punctuation.';
COMMENT ON COLUMN dim_speech.original_text IS 'The part as it stood in the raw file, before cleaning, when the file bundles several speeches; NULL when the speech is the whole file, whose text is raw_file.original_text (stored once). v_speech_texts resolves both.';
COMMENT ON COLUMN dim_speech.cleaning_report IS 'Counts of repairs by kind (pinyin_gloss, spam, nav, mojibake_masked, redacted_year …).';
COMMENT ON COLUMN dim_speech.repair_count IS 'Total repairs (sum of cleaning_report, excluding character normalisation).';
COMMENT ON COLUMN dim_speech.content_hash IS 'SHA-256 of the dedup-normalised body: equal hashes are exact duplicates.';
COMMENT ON COLUMN dim_speech.canonical_speech_id IS 'Its own id, or the id of the speech it duplicates (exact or near).';
COMMENT ON COLUMN dim_speech.dup_kind IS 'exact or near for a duplicate; NULL for a canonical speech.';
COMMENT ON COLUMN dim_speech.dup_similarity IS 'Estimated Jaccard similarity to the canonical copy (duplicates only).';
COMMENT ON COLUMN dim_speech.seen_rank IS 'Order in which speeches were first seen (lower = earlier); a tie-breaker for the canonical choice.';
COMMENT ON COLUMN dim_speech.statement_count IS 'Statements extracted (canonical speeches only; NULL for duplicates).';
COMMENT ON COLUMN dim_speech.no_statement_reason IS 'Why a canonical speech has no statements (e.g. no quantitative sentence found).';
COMMENT ON COLUMN dim_speech.run_id IS 'Dagster run that loaded the speech.';
COMMENT ON COLUMN dim_speech.jurisdiction IS 'The speaking government''s jurisdiction as a full administrative name (云南省, 全国), from the title, the opening of the text or the file name (transforms/place.py); NULL when none can be read.';
COMMENT ON COLUMN dim_speech.jurisdiction_code IS 'GB/T 2260 code of jurisdiction (NULL for 全国).';
COMMENT ON COLUMN dim_speech.speech_year IS 'The year the speech speaks in (its date, title or text: 今年是十五五开局之年), the anchor of 今年/去年/明年 (transforms/period.py).';

-- Fact-sized tables carry no PRIMARY KEY: DuckDB keeps ART indexes in memory and checks them row by
-- row on insert (4x slower loads, most of the load's memory). Their keys are unique by construction
-- (derived from unique speech ids) and checked per batch by the GX suites instead.
CREATE TABLE IF NOT EXISTS speech_band (
    speech_id  VARCHAR NOT NULL,
    band_no    SMALLINT NOT NULL,
    band_hash  BIGINT NOT NULL
);
COMMENT ON TABLE speech_band IS 'MinHash LSH band hashes of every speech, so near-duplicate detection of new speeches is a join, not a rescan.';
COMMENT ON COLUMN speech_band.speech_id IS 'dim_speech.speech_id.';
COMMENT ON COLUMN speech_band.band_no IS 'Band number (0-based).';
COMMENT ON COLUMN speech_band.band_hash IS 'Hash of the band''s rows of the MinHash signature.';

CREATE TABLE IF NOT EXISTS speech_signature (
    speech_id       VARCHAR NOT NULL,
    signature       UBIGINT[] NOT NULL,
    n_shingles      INTEGER NOT NULL,
    sketch_version  VARCHAR NOT NULL
);
COMMENT ON TABLE speech_signature IS 'MinHash signature of every speech, to verify LSH candidates against already-loaded speeches without re-reading their text.';
COMMENT ON COLUMN speech_signature.speech_id IS 'dim_speech.speech_id.';
COMMENT ON COLUMN speech_signature.signature IS '128-slot MinHash of the character 5-grams of the dedup-normalised body.';
COMMENT ON COLUMN speech_signature.n_shingles IS 'Number of 5-grams of the normalised body (for containment estimates).';
COMMENT ON COLUMN speech_signature.sketch_version IS 'transforms.dedup.SKETCH_VERSION that produced the signature and bands; a change means they are rebuilt.';

CREATE TABLE IF NOT EXISTS dim_indicator (
    indicator_key    VARCHAR PRIMARY KEY,
    indicator_name   VARCHAR NOT NULL UNIQUE,
    canonical_name   VARCHAR,
    in_lexicon       BOOLEAN NOT NULL,
    category         VARCHAR,
    unit_kind        VARCHAR,
    aliases          VARCHAR[]
);
COMMENT ON TABLE dim_indicator IS 'Indicators as named in speeches, mapped to the curated lexicon where they match (schemas/indicator_lexicon.csv).';
COMMENT ON COLUMN dim_indicator.indicator_key IS 'Stable id: hash of indicator_name.';
COMMENT ON COLUMN dim_indicator.indicator_name IS 'Name as extracted, Simplified (natural key).';
COMMENT ON COLUMN dim_indicator.canonical_name IS 'Lexicon canonical name; NULL when the name matched no entry (flagged for lexicon growth).';
COMMENT ON COLUMN dim_indicator.in_lexicon IS 'TRUE when the name matched a lexicon entry.';
COMMENT ON COLUMN dim_indicator.category IS 'Lexicon category: 生态环境, 基础设施, 公共服务, 城市管理, 经济 …';
COMMENT ON COLUMN dim_indicator.unit_kind IS 'Kind of unit: ratio, area, length, count, mass, volume, duration, money, density.';
COMMENT ON COLUMN dim_indicator.aliases IS 'Other names of the canonical indicator in the lexicon.';

CREATE TABLE IF NOT EXISTS dim_department (
    department_key   VARCHAR PRIMARY KEY,
    department_name  VARCHAR NOT NULL UNIQUE,
    normalised_name  VARCHAR NOT NULL,
    level            VARCHAR
);
COMMENT ON TABLE dim_department IS 'Bodies named as responsible for targets.';
COMMENT ON COLUMN dim_department.department_key IS 'Stable id: hash of department_name.';
COMMENT ON COLUMN dim_department.department_name IS 'Name as stated (natural key), e.g. 市执法局.';
COMMENT ON COLUMN dim_department.normalised_name IS 'Name without the level prefix and with common abbreviations expanded.';
COMMENT ON COLUMN dim_department.level IS 'Government level from the prefix: 省, 市, 区, 县, 镇; NULL when not stated.';

CREATE TABLE IF NOT EXISTS dim_date (
    date_key    INTEGER PRIMARY KEY,
    date        DATE NOT NULL UNIQUE,
    year        INTEGER NOT NULL,
    quarter     INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    iso_week    INTEGER NOT NULL
);
COMMENT ON TABLE dim_date IS 'Calendar 1949-01-01 … 2050-12-31 for speech dates and target deadlines.';
COMMENT ON COLUMN dim_date.date_key IS 'yyyymmdd as an integer.';
COMMENT ON COLUMN dim_date.date IS 'The calendar date.';
COMMENT ON COLUMN dim_date.year IS 'Calendar year.';
COMMENT ON COLUMN dim_date.quarter IS 'Quarter 1-4.';
COMMENT ON COLUMN dim_date.month IS 'Month 1-12.';
COMMENT ON COLUMN dim_date.day IS 'Day of month.';
COMMENT ON COLUMN dim_date.iso_week IS 'ISO week number.';

CREATE TABLE IF NOT EXISTS fact_indicator_value (
    statement_id     VARCHAR NOT NULL,
    speech_id        VARCHAR NOT NULL,
    indicator_key    VARCHAR NOT NULL,
    subject          VARCHAR,
    value            DOUBLE NOT NULL,
    value_max        DOUBLE,
    unit             VARCHAR NOT NULL,
    unit_kind        VARCHAR,
    value_base       DOUBLE,
    unit_base        VARCHAR,
    statement_kind   VARCHAR NOT NULL CHECK (statement_kind IN ('actual', 'baseline')),
    comparator       VARCHAR CHECK (comparator IS NULL OR comparator IN ('=', '>=', '>', '<=', '<', '~')),
    sentence         VARCHAR NOT NULL,
    char_start       INTEGER,
    char_end         INTEGER,
    pattern          VARCHAR,
    speech_date_key  INTEGER,
    place            VARCHAR,
    place_code       VARCHAR,
    period_from      INTEGER,
    period_to        INTEGER,
    run_id           VARCHAR
);
COMMENT ON TABLE fact_indicator_value IS 'Grain: one stated value (actual, or baseline of a change) of one indicator in one canonical speech.';
COMMENT ON COLUMN fact_indicator_value.statement_id IS 'Stable id: hash of (speech_id, char_start, char_end, indicator_name, statement_kind, value).';
COMMENT ON COLUMN fact_indicator_value.speech_id IS 'dim_speech.speech_id (a canonical speech).';
COMMENT ON COLUMN fact_indicator_value.indicator_key IS 'dim_indicator.indicator_key.';
COMMENT ON COLUMN fact_indicator_value.subject IS 'Whose value it is: 我市, 北京市, 全省 …';
COMMENT ON COLUMN fact_indicator_value.value IS 'The number as stated (lower bound of a range).';
COMMENT ON COLUMN fact_indicator_value.value_max IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN fact_indicator_value.unit IS 'Unit as stated, multiplier kept: %, 万平方米, 公里, 个.';
COMMENT ON COLUMN fact_indicator_value.unit_kind IS 'ratio, area, length, count, mass, volume, duration, money, density …';
COMMENT ON COLUMN fact_indicator_value.value_base IS 'Value in base units, 万/亿/千 folded (774万平方米 → 7740000).';
COMMENT ON COLUMN fact_indicator_value.unit_base IS 'Base unit of value_base (平方米).';
COMMENT ON COLUMN fact_indicator_value.statement_kind IS 'actual: a stated current value; baseline: the from-value of a change.';
COMMENT ON COLUMN fact_indicator_value.comparator IS '=, >=, >, <=, <, ~ (为 / 以上 / 超过 / 以内 / 不足 / 左右).';
COMMENT ON COLUMN fact_indicator_value.sentence IS 'The cleaned sentence the statement came from.';
COMMENT ON COLUMN fact_indicator_value.char_start IS 'Offset of the number in the speech body_text.';
COMMENT ON COLUMN fact_indicator_value.char_end IS 'End offset of the number in body_text.';
COMMENT ON COLUMN fact_indicator_value.pattern IS 'Extraction rule that produced the row (for debugging and confidence filtering).';
COMMENT ON COLUMN fact_indicator_value.speech_date_key IS 'dim_date key of the speech date.';
COMMENT ON COLUMN fact_indicator_value.run_id IS 'Dagster run that loaded the row.';
COMMENT ON COLUMN fact_indicator_value.place IS 'Whose value it is as a full administrative name: the speech''s jurisdiction for 我市/全省/城镇 …, the named place otherwise (transforms/place.py); NULL when unknown.';
COMMENT ON COLUMN fact_indicator_value.place_code IS 'GB/T 2260 code of place (NULL for 全国 and unknown places).';
COMMENT ON COLUMN fact_indicator_value.period_from IS 'First calendar year the value refers to (transforms/period.py); NULL when the text gives no way to tell.';
COMMENT ON COLUMN fact_indicator_value.period_to IS 'Last calendar year the value refers to; NULL when the text gives no way to tell.';

CREATE TABLE IF NOT EXISTS fact_target (
    statement_id     VARCHAR NOT NULL,
    speech_id        VARCHAR NOT NULL,
    indicator_key    VARCHAR NOT NULL,
    department_key   VARCHAR,
    subject          VARCHAR,
    value            DOUBLE NOT NULL,
    value_max        DOUBLE,
    unit             VARCHAR NOT NULL,
    unit_kind        VARCHAR,
    value_base       DOUBLE,
    unit_base        VARCHAR,
    comparator       VARCHAR CHECK (comparator IS NULL OR comparator IN ('=', '>=', '>', '<=', '<', '~')),
    deadline_text    VARCHAR,
    deadline_date    DATE,
    deadline_date_key INTEGER,
    status           VARCHAR NOT NULL DEFAULT 'open',
    sentence         VARCHAR NOT NULL,
    char_start       INTEGER,
    char_end         INTEGER,
    pattern          VARCHAR,
    speech_date_key  INTEGER,
    place            VARCHAR,
    place_code       VARCHAR,
    period_from      INTEGER,
    period_to        INTEGER,
    run_id           VARCHAR
);
COMMENT ON TABLE fact_target IS 'Grain: one target (value to reach) of one indicator in one canonical speech, with deadline and responsible department.';
COMMENT ON COLUMN fact_target.statement_id IS 'Stable id: hash of (speech_id, char_start, char_end, indicator_name, statement_kind, value).';
COMMENT ON COLUMN fact_target.speech_id IS 'dim_speech.speech_id (a canonical speech).';
COMMENT ON COLUMN fact_target.indicator_key IS 'dim_indicator.indicator_key.';
COMMENT ON COLUMN fact_target.department_key IS 'dim_department.department_key of the responsible body; NULL when none is named.';
COMMENT ON COLUMN fact_target.subject IS 'Whose target it is, when stated.';
COMMENT ON COLUMN fact_target.value IS 'Target value (lower bound of a range).';
COMMENT ON COLUMN fact_target.value_max IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN fact_target.unit IS 'Unit as stated, multiplier kept.';
COMMENT ON COLUMN fact_target.unit_kind IS 'ratio, area, length, count, mass, volume, duration, money, density …';
COMMENT ON COLUMN fact_target.value_base IS 'Value in base units, 万/亿/千 folded.';
COMMENT ON COLUMN fact_target.unit_base IS 'Base unit of value_base.';
COMMENT ON COLUMN fact_target.comparator IS '=, >=, >, <=, <, ~ (达到 / 不低于 / 超过 / 以内 / 不足 / 左右).';
COMMENT ON COLUMN fact_target.deadline_text IS 'Deadline as stated, normalised: 6月底前, 年底前, 年内, 到20xx年.';
COMMENT ON COLUMN fact_target.deadline_date IS 'Deadline resolved to a date where the speech year is known (end of the stated month / year).';
COMMENT ON COLUMN fact_target.deadline_date_key IS 'dim_date key of deadline_date.';
COMMENT ON COLUMN fact_target.status IS 'Tracking status placeholder: open until a later speech reports it (met, missed).';
COMMENT ON COLUMN fact_target.sentence IS 'The cleaned sentence the target came from.';
COMMENT ON COLUMN fact_target.char_start IS 'Offset of the number in the speech body_text.';
COMMENT ON COLUMN fact_target.char_end IS 'End offset of the number in body_text.';
COMMENT ON COLUMN fact_target.pattern IS 'Extraction rule that produced the row.';
COMMENT ON COLUMN fact_target.speech_date_key IS 'dim_date key of the speech date.';
COMMENT ON COLUMN fact_target.run_id IS 'Dagster run that loaded the row.';
COMMENT ON COLUMN fact_target.place IS 'Whose value it is as a full administrative name: the speech''s jurisdiction for 我市/全省/城镇 …, the named place otherwise (transforms/place.py); NULL when unknown.';
COMMENT ON COLUMN fact_target.place_code IS 'GB/T 2260 code of place (NULL for 全国 and unknown places).';
COMMENT ON COLUMN fact_target.period_from IS 'First calendar year the value refers to (transforms/period.py); NULL when the text gives no way to tell.';
COMMENT ON COLUMN fact_target.period_to IS 'Last calendar year the value refers to; NULL when the text gives no way to tell.';

CREATE TABLE IF NOT EXISTS rejected_statement (
    statement_id     VARCHAR NOT NULL,
    speech_id        VARCHAR NOT NULL,
    failed_rules     VARCHAR[] NOT NULL,
    indicator_name   VARCHAR,
    subject          VARCHAR,
    value            DOUBLE,
    value_max        DOUBLE,
    unit             VARCHAR,
    unit_kind        VARCHAR,
    statement_kind   VARCHAR,
    comparator       VARCHAR,
    deadline_text    VARCHAR,
    department       VARCHAR,
    sentence         VARCHAR,
    char_start       INTEGER,
    char_end         INTEGER,
    pattern          VARCHAR,
    place            VARCHAR,
    place_code       VARCHAR,
    period_from      INTEGER,
    period_to        INTEGER,
    run_id           VARCHAR
);
COMMENT ON TABLE rejected_statement IS 'Grain: one extracted statement of a canonical speech that a row rule set aside instead of publishing (transforms/row_rules.py); re-examined whenever its speech is extracted again (a changed file, --batch).';
COMMENT ON COLUMN rejected_statement.statement_id IS 'Stable id, as in the fact tables: the same statement gets the same id once a fix lets it through.';
COMMENT ON COLUMN rejected_statement.speech_id IS 'dim_speech.speech_id (a canonical speech).';
COMMENT ON COLUMN rejected_statement.failed_rules IS 'Row rules the statement failed: share_out_of_range, fall_over_100, value_not_in_sentence, range_inverted.';
COMMENT ON COLUMN rejected_statement.indicator_name IS 'Indicator name as extracted.';
COMMENT ON COLUMN rejected_statement.subject IS 'Whose value it is, as extracted.';
COMMENT ON COLUMN rejected_statement.value IS 'The value as extracted (lower bound of a range).';
COMMENT ON COLUMN rejected_statement.value_max IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN rejected_statement.unit IS 'Unit as extracted.';
COMMENT ON COLUMN rejected_statement.unit_kind IS 'Kind of the unit (ratio, money, count …).';
COMMENT ON COLUMN rejected_statement.statement_kind IS 'actual, baseline or target.';
COMMENT ON COLUMN rejected_statement.comparator IS 'Comparator as extracted.';
COMMENT ON COLUMN rejected_statement.deadline_text IS 'Deadline as extracted (targets).';
COMMENT ON COLUMN rejected_statement.department IS 'Responsible department as extracted (targets).';
COMMENT ON COLUMN rejected_statement.sentence IS 'The cleaned sentence the statement came from.';
COMMENT ON COLUMN rejected_statement.char_start IS 'Offset of the number in the speech body_text.';
COMMENT ON COLUMN rejected_statement.char_end IS 'End offset of the number in body_text.';
COMMENT ON COLUMN rejected_statement.pattern IS 'Extraction rule that produced the row.';
COMMENT ON COLUMN rejected_statement.run_id IS 'Dagster run that set the row aside.';
COMMENT ON COLUMN rejected_statement.place IS 'Whose value it is as a full administrative name: the speech''s jurisdiction for 我市/全省/城镇 …, the named place otherwise (transforms/place.py); NULL when unknown.';
COMMENT ON COLUMN rejected_statement.place_code IS 'GB/T 2260 code of place (NULL for 全国 and unknown places).';
COMMENT ON COLUMN rejected_statement.period_from IS 'First calendar year the value refers to (transforms/period.py); NULL when the text gives no way to tell.';
COMMENT ON COLUMN rejected_statement.period_to IS 'Last calendar year the value refers to; NULL when the text gives no way to tell.';

CREATE TABLE IF NOT EXISTS load_run (
    run_id            VARCHAR PRIMARY KEY,
    arrival_batch     VARCHAR,
    started_at        TIMESTAMP,
    published_at      TIMESTAMP,
    raw_dir           VARCHAR,
    files_seen        INTEGER,
    files_new         INTEGER,
    files_changed     INTEGER,
    files_unchanged   INTEGER,
    speeches_added    INTEGER,
    statements_added  INTEGER,
    more_pending      BOOLEAN,
    checks_passed     INTEGER,
    checks_failed     INTEGER,
    checks_warned     INTEGER,
    statements_set_aside INTEGER
);
COMMENT ON TABLE load_run IS 'One row per published pipeline run: what it saw and what it added.';
COMMENT ON COLUMN load_run.run_id IS 'Dagster run id.';
COMMENT ON COLUMN load_run.arrival_batch IS 'Dagster partition key of the run (arrival batch).';
COMMENT ON COLUMN load_run.started_at IS 'When staging began.';
COMMENT ON COLUMN load_run.published_at IS 'When the validated warehouse was published.';
COMMENT ON COLUMN load_run.raw_dir IS 'Landing directory scanned.';
COMMENT ON COLUMN load_run.files_seen IS 'Files found in the landing directory.';
COMMENT ON COLUMN load_run.files_new IS 'Files never seen before.';
COMMENT ON COLUMN load_run.files_changed IS 'Known paths whose content hash changed (reprocessed, old rows replaced).';
COMMENT ON COLUMN load_run.files_unchanged IS 'Known files skipped.';
COMMENT ON COLUMN load_run.speeches_added IS 'Speeches added by the run.';
COMMENT ON COLUMN load_run.statements_added IS 'Statements added by the run.';
COMMENT ON COLUMN load_run.more_pending IS 'TRUE when new or changed files were left for the next run (batch budget SPEECH_BATCH_FILES / SPEECH_BATCH_MB).';
COMMENT ON COLUMN load_run.checks_passed IS 'Checks that passed.';
COMMENT ON COLUMN load_run.checks_failed IS 'Blocking checks that failed (0 for any published run).';
COMMENT ON COLUMN load_run.checks_warned IS 'Non-blocking checks that warned (row rules that set statements aside, speech quality figures).';
COMMENT ON COLUMN load_run.statements_set_aside IS 'Statements the run set aside by row rules (rejected_statement).';

CREATE TABLE IF NOT EXISTS warehouse_meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
COMMENT ON TABLE warehouse_meta IS 'Facts about the warehouse itself, e.g. schema_version (hash of schemas/*.sql it was migrated to).';
COMMENT ON COLUMN warehouse_meta.key IS 'Name of the fact.';
COMMENT ON COLUMN warehouse_meta.value IS 'Its value.';
