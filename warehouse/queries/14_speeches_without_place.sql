-- Canonical speeches whose speaking government could not be read from the title, the opening of the text
-- or the file name (their statements' place is NULL unless a sentence names a place): to review by hand.
-- Shape: source_file, part_no, title, speech_year, places_mentioned.
SELECT source_file, part_no, title, speech_year, places_mentioned
FROM v_speeches
WHERE speech_id = canonical_speech_id AND place IS NULL
ORDER BY source_file, part_no;
