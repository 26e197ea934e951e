"""Score the extractor on the seed speeches with the shared scorer.

For every file in ../shared/seeds: decode → clean → extract, write the statements to a
temporary DuckDB as v_indicator_statements, then run ../shared/eval/score_extraction.py on it.

    .venv/bin/python benchmarks/score_seeds.py [--seeds DIR] [--gold FILE] [--quiet]

Prints the scorer's output (verbose unless --quiet) and exits with the scorer's status.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

COLUMNS = ["source_file", "part_no", "indicator_name", "subject", "value", "value_max", "unit",
           "statement_kind", "comparator", "deadline_text", "department", "sentence"]


def seed_rows(seeds: Path) -> list[tuple]:
    """Decode, clean and extract every seed file; one tuple per statement (COLUMNS order)."""
    from transforms.clean import clean_document
    from transforms.decode import decode_bytes
    from transforms.extract import extract_statements

    rows: list[tuple] = []
    for path in sorted(seeds.iterdir()):
        if not path.is_file():
            continue
        dec = decode_bytes(path.read_bytes())
        if dec.quarantine:
            continue
        for sp in clean_document(dec.text):
            for st in extract_statements(sp.body):
                rows.append((str(path), sp.part_no, st.indicator_name, st.subject, st.value, st.value_max, st.unit,
                             st.statement_kind, st.comparator, st.deadline_text, st.department, st.sentence))
    return rows


def write_db(rows: list[tuple], db: Path) -> None:
    """Write rows into table v_indicator_statements of a fresh DuckDB file."""
    import duckdb

    con = duckdb.connect(str(db))
    try:
        con.execute(
            "CREATE TABLE v_indicator_statements (source_file VARCHAR, part_no INTEGER, indicator_name VARCHAR, "
            "subject VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR, statement_kind VARCHAR, "
            "comparator VARCHAR, deadline_text VARCHAR, department VARCHAR, sentence VARCHAR)")
        con.executemany(f"INSERT INTO v_indicator_statements VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    finally:
        con.close()


def run(seeds: Path, gold: Path, scorer: Path, verbose: bool = True) -> tuple[int, str]:
    """Extract the seeds, score them; returns (scorer exit status, scorer output)."""
    rows = seed_rows(seeds)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.duckdb"
        write_db(rows, db)
        cmd = [sys.executable, str(scorer), "--db", str(db), "--gold", str(gold)]
        if verbose:
            cmd.append("--verbose")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "seed_statements.jsonl")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score_extraction.py")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    code, out = run(args.seeds, args.gold, args.scorer, verbose=not args.quiet)
    print(out, end="")
    sys.exit(code)


if __name__ == "__main__":
    main()
