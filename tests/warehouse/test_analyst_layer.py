"""The analyst layer on the bundled sample (issue #18): place, period, canonical indicator and target
attainment, each answered by one short query in warehouse/queries/ with no hand-written list of names."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.connect import connect

QUERIES = Path(__file__).resolve().parents[2] / "warehouse" / "queries"


@pytest.fixture(scope="module")
def con(sample_run):
    ok, _, wh, *_ = sample_run
    assert ok
    c = connect(wh, read_only=True)
    yield c
    c.close()


def query(con, name: str) -> list[dict]:
    cur = con.execute((QUERIES / name).read_text(encoding="utf-8"))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_speeches_know_their_jurisdiction_and_year(con):
    got = dict(con.execute("SELECT source_file, (place, place_code, speech_year) FROM v_speeches "
                           "WHERE source_file LIKE 'reports/%'").fetchall())
    assert got == {
        "reports/report_province_2024.txt": ("湖南省", "430000", 2024),
        "reports/report_province_2025.txt": ("湖南省", "430000", 2025),
        "reports/report_national_2023.txt": ("全国", None, 2023),
        "reports/report_national_2024.txt": ("全国", None, 2024),
    }
    # a redacted city speech (XX市) has no place: listed for review, never guessed
    assert {r["source_file"] for r in query(con, "14_speeches_without_place.sql")} >= {"html/civilization.html"}


def test_self_references_resolve_to_the_jurisdiction_with_a_period(con):
    rows = con.execute(
        "SELECT subject, place, place_code, statement_kind, period_from, period_to FROM v_indicator_statements "
        "WHERE source_file = 'reports/report_province_2024.txt' AND indicator_name = '地区生产总值增长' ORDER BY char_start"
    ).fetchall()
    assert rows == [("全省", "湖南省", "430000", "actual", 2023, 2023), ("全省", "湖南省", "430000", "target", 2024, 2024)]
    (span,) = con.execute("SELECT (period_from, period_to) FROM v_indicator_statements "
                          "WHERE source_file = 'reports/report_province_2024.txt' AND value = 63").fetchone()
    assert span == (2024, 2027)  # 到2027年


def test_one_canonical_name_for_gdp_growth_at_every_level(con):
    names = con.execute(
        "SELECT DISTINCT indicator_canonical FROM v_indicator_statements "
        "WHERE indicator_name IN ('地区生产总值增长', '国内生产总值增长')").fetchall()
    assert len(names) == 1 and "生产总值" in names[0][0] and "增长" in names[0][0]


def test_province_gdp_growth_targets_for_a_year(con):
    rows = query(con, "11_gdp_growth_targets_by_province.sql")
    assert [(r["place"], r["place_code"], r["year"], r["value"], r["comparator"]) for r in rows] == [
        ("湖南省", "430000", 2025, 5.5, "~")]


def test_national_gdp_growth_target_series(con):
    rows = query(con, "12_national_gdp_growth_targets.sql")
    assert [(r["year"], r["value"]) for r in rows] == [(2023, 5.0), (2024, 5.0)]


def test_target_attainment_pairs_a_target_with_the_next_reports_outcome(con):
    rows = query(con, "13_target_attainment.sql")
    gdp = [r for r in rows if "生产总值" in r["indicator_canonical"] and "增长" in r["indicator_canonical"]
           and "单位" not in r["indicator_canonical"]]
    assert {(r["place"], r["period"], r["actual_value"], r["attained"]) for r in gdp} == {
        ("全国", "2023", 5.2, True), ("湖南省", "2024", 4.8, False)}
    (row,) = con.execute(
        "SELECT target_value, comparator, actual_value, attained, round(gap, 2) FROM v_target_attainment "
        "WHERE place = '湖南省' AND indicator_canonical = '城镇调查失业率'").fetchall()
    assert row == (5.5, "<=", 5.3, True, -0.2)  # 控制在5.5%以内: at most, so 5.3 is attained
    # no pairing across places or with the same report
    assert all(r["target_file"] != r["actual_file"] for r in rows)
