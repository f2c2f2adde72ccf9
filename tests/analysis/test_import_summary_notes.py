"""An import summary's notes per file: under their file, escaped, capped, and in the JSON."""

from __future__ import annotations

import json

from analysis.io.summary import ImportSummary


def summary_of(files: int, notes: int, rejections: int) -> ImportSummary:
    summary = ImportSummary("reports", "w.gpkg")
    for i in range(files):
        outcome = summary.add(f"f{i}.csv")
        outcome.notes = tuple(f"note {i}.{j}" for j in range(notes))
        for j in range(rejections):
            outcome.reject(f"reason {i}.{j}", where=f"line {j + 2}")
    return summary


def test_notes_come_under_their_file_before_its_rejections() -> None:
    lines = summary_of(files=2, notes=1, rejections=1).describe().split("\n")
    assert lines[1:] == [
        "  f0.csv: note 0.0",
        "  rejected f0.csv line 2: reason 0.0",
        "  f1.csv: note 1.0",
        "  rejected f1.csv line 2: reason 1.0",
    ]


def test_notes_and_rejections_are_capped_each_and_the_rest_counted() -> None:
    lines = summary_of(files=4, notes=2, rejections=3).describe(max_reasons=5).split("\n")
    notes = [line for line in lines if line.startswith("  f")]
    rejected = [line for line in lines if line.startswith("  rejected")]
    assert notes == [
        "  f0.csv: note 0.0",
        "  f0.csv: note 0.1",
        "  f1.csv: note 1.0",
        "  f1.csv: note 1.1",
        "  f2.csv: note 2.0",
    ]
    assert [r.split(":")[0] for r in rejected] == [
        "  rejected f0.csv line 2",
        "  rejected f0.csv line 3",
        "  rejected f0.csv line 4",
        "  rejected f1.csv line 2",
        "  rejected f1.csv line 3",
    ]
    assert lines[-2:] == [
        "  ... and 3 more note(s) (see --json)",  # 8 notes, 5 shown
        "  ... and 7 more rejected (see --json)",  # 12 rejections, 5 shown
    ]


def test_a_note_quoting_a_file_is_printed_escaped_on_one_line() -> None:
    summary = ImportSummary("reports", "w.gpkg")
    summary.add("z.xlsx").notes = ("read sheet 'Dane\n\x1b[31mred\u202e'",)
    lines = summary.describe().split("\n")
    assert lines[1] == r"  z.xlsx: read sheet 'Dane\n\x1b[31mred\u202e'"
    assert len(lines) == 2


def test_notes_are_in_the_json() -> None:
    data = json.loads(json.dumps(summary_of(files=1, notes=2, rejections=0).to_json()))
    assert data["files"][0]["notes"] == ["note 0.0", "note 0.1"]
