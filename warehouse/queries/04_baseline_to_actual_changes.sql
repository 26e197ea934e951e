-- Stated changes (由 X 提高到 Y): baseline, actual and the change, per indicator.
-- Shape: indicator, subject, baseline_value, actual_value, unit, change.
SELECT indicator, subject, baseline_value, actual_value, unit, round(change, 3) AS change
FROM v_indicator_changes
ORDER BY abs(change) DESC;
