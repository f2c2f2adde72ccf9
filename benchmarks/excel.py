"""Writing a report sheet: our xlsx writer against pandas and openpyxl's write-only mode.

Goal (issue 6): a 100,000-row, 12-column sheet (integers, floats, dates, Polish
text) written at least 2x faster than ``pandas.DataFrame.to_excel(engine=
"openpyxl")``, with peak memory that does not grow with the row count. The
reference machine took 21 s with pandas and 15 s with openpyxl's write-only
mode and naive row appends.

Every method writes the same table, once, each in its own subprocess so peak
RSS (``resource.getrusage``) is its own: ``pandas`` (``to_excel``), ``naive``
(a write-only workbook, ``ws.append`` of each row from ``itertuples``) and
``ours`` (:func:`analysis.export.xlsx_writer.write_table` with number and date
formats). The timed part is the writing; the table is built before. The memory
check runs ours on 50,000 and 200,000 rows generated chunk by chunk (the table
never whole in memory) and compares the peaks.

Run: ``.venv/bin/python benchmarks/excel.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.export.xlsx_writer import chunks_of

GOAL_RATIO = 2.0
MEMORY_GROWTH_LIMIT = 1.25
"""Peak RSS at 200,000 rows may be at most this many times the peak at 50,000."""
CHUNK = 20_000
DISTRICTS = ["Śródmieście", "Stare Miasto", "Zielone Wzgórze", "Kolejowo", "Nowa Huta Północ"]
CATEGORIES = ["Dziura w jezdni", "Brak stojaka rowerowego", "Nielegalne parkowanie", "Zieleń"]
WORDS = [
    "zapadnięta",
    "studzienka",
    "przy",
    "przejściu",
    "dla",
    "pieszych,",
    "głęboka",
    "wyrwa",
    "łączy",
    "się",
    "z",
    "kałużą",
]


def table(rows: int, start: int = 0) -> pd.DataFrame:
    """``rows`` rows of a report-like table with 12 columns, reproducible from ``start``."""
    rng = np.random.default_rng(start)
    created = pd.Timestamp("2025-01-01") + pd.to_timedelta(
        rng.integers(0, 500 * 86_400, rows), unit="s"
    )
    days = rng.exponential(20.0, rows).round(2)
    days[rng.random(rows) < 0.1] = np.nan
    words = np.array(WORDS)
    return pd.DataFrame(
        {
            "id": np.arange(start, start + rows, dtype=np.int64),
            "reports": rng.integers(0, 500, rows),
            "score": rng.random(rows),
            "length_m": rng.random(rows) * 5_000.0,
            "created": created,
            "closed": (created + pd.to_timedelta(rng.integers(1, 90, rows), unit="D")).normalize(),
            "district": np.array(DISTRICTS)[rng.integers(0, len(DISTRICTS), rows)],
            "category": np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), rows)],
            "description": [" ".join(words[rng.integers(0, len(words), 6)]) for _ in range(rows)],
            "address": [f"ul. Łąkowa {n}" for n in rng.integers(1, 200, rows)],
            "close_days": days,
            "open": rng.integers(0, 40, rows),
        }
    )


def streamed(rows: int) -> Iterator[pd.DataFrame]:
    """The table of ``rows`` rows, generated chunk by chunk."""
    for start in range(0, rows, CHUNK):
        yield table(min(CHUNK, rows - start), start)


def write_ours(chunks: Iterator[pd.DataFrame], first: pd.DataFrame, out: Path) -> None:
    """Our writer, with the report's number and date formats."""
    from openpyxl import Workbook

    from analysis.export.xlsx_writer import (
        Column,
        ColumnKind,
        StyleBook,
        TableText,
        column_kind,
        write_table,
    )

    formats = {
        ColumnKind.INT: "#,##0",
        ColumnKind.FLOAT: "#,##0.00",
        ColumnKind.DATE: "yyyy-mm-dd",
        ColumnKind.DATETIME: "yyyy-mm-dd hh:mm",
    }
    columns = []
    for key in first.columns:
        kind = column_kind(first[key])
        columns.append(Column(key, key, kind, formats.get(kind, "General"), 14.0))
    workbook = Workbook(write_only=True)
    write_table(
        workbook,
        "Zgłoszenia",
        chunks,
        columns,
        TableText("Zgłoszenia"),
        StyleBook(workbook),
        timezone="UTC",
    )
    workbook.save(out)


def write_naive(frame: pd.DataFrame, out: Path) -> None:
    """openpyxl's write-only mode, one ``append`` per row."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Zgłoszenia")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if v != v else v for v in row])  # NaN is no Excel value
    workbook.save(out)


def run_one(method: str, rows: int, out: Path) -> dict[str, float]:
    """Build the table, write it with ``method``; seconds of writing and peak RSS."""
    frame = None if method == "ours_streamed" else table(rows)
    start = time.perf_counter()
    if method == "pandas":
        assert frame is not None
        frame.to_excel(out, index=False, engine="openpyxl")
    elif method == "naive":
        assert frame is not None
        write_naive(frame, out)
    elif method == "ours":
        assert frame is not None
        write_ours(chunks_of(frame, CHUNK), frame, out)
    else:
        write_ours(streamed(rows), table(10), out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_rss_mb": peak_mb, "bytes": out.stat().st_size}


def in_subprocess(method: str, rows: int, folder: Path) -> dict[str, float]:
    """:func:`run_one` in a fresh interpreter, so its peak RSS is its own."""
    out = folder / f"{method}_{rows}.xlsx"
    done = subprocess.run(
        [sys.executable, __file__, "--run", method, "--rows", str(rows), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.rows, args.out)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs = {m: in_subprocess(m, args.rows, folder) for m in ("pandas", "naive", "ours")}
        small = in_subprocess("ours_streamed", 50_000, folder)
        large = in_subprocess("ours_streamed", 200_000, folder)
    print(f"{args.rows:,} rows x 12 columns")
    for method, r in runs.items():
        print(
            f"  {method:7s} {r['seconds']:6.2f} s   peak RSS {r['peak_rss_mb']:6.0f} MB   "
            f"{r['bytes'] / 1e6:5.1f} MB file"
        )
    ratio = runs["pandas"]["seconds"] / runs["ours"]["seconds"]
    naive = runs["naive"]["seconds"] / runs["ours"]["seconds"]
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]
    print(
        f"  ours is {ratio:.1f}x faster than pandas (goal {GOAL_RATIO}x), {naive:.1f}x faster "
        f"than naive write-only"
    )
    print(
        f"  streamed: peak RSS {small['peak_rss_mb']:.0f} MB at 50,000 rows "
        f"({small['seconds']:.1f} s), {large['peak_rss_mb']:.0f} MB at 200,000 rows "
        f"({large['seconds']:.1f} s): x{growth:.2f} (limit x{MEMORY_GROWTH_LIMIT})"
    )
    ok = ratio >= GOAL_RATIO and growth <= MEMORY_GROWTH_LIMIT
    print("  goal met" if ok else "  GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
