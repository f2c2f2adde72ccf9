"""Citizen reports written as a Polish CRM exports them, and as an Open311 feed.

The two overlap, as real exports do: the CRM export holds the older reports,
the GeoReport v2 feed the newer ones, and both hold the ones in between, under
the same report numbers.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from analysis.samplecity.activities import WARSAW
from analysis.samplecity.reports import CATEGORIES, STATUSES, Report

CSV_COLUMNS = (
    "Numer",
    "Kategoria",
    "Status",
    "Data zgłoszenia",
    "Data zamknięcia",
    "Opis",
    "Adres",
    "Dzielnica",
    "Szerokość",
    "Długość",
    "Zgłaszający",
    "E-mail",
    "Telefon",
)
AGENCY = {
    "pothole": "Miejski Zarząd Dróg",
    "street_lighting": "Miejski Zarząd Dróg",
    "illegal_parking": "Straż Miejska",
    "greenery": "Zarząd Zieleni Miejskiej",
}
OVERLAP = 300


def _comma(value: float) -> str:
    return f"{value:.6f}".replace(".", ",")


def write_reports(out: Path, reports: list[Report], to_wgs84: Any) -> dict[str, Any]:
    """Write ``reports/zgloszenia.csv`` and ``reports/open311.json``; return counts."""
    folder = out / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    n_csv = len(reports) - (len(reports) - OVERLAP) // 3
    in_csv, in_feed = reports[:n_csv], reports[n_csv - OVERLAP :]
    lon, lat = to_wgs84.transform([r.xy[0] for r in reports], [r.xy[1] for r in reports])
    where = {r.number: (la, lo) for r, la, lo in zip(reports, lat, lon, strict=True)}

    # Excel on Windows writes UTF-8 with a BOM and CRLF line ends.
    with open(folder / "zgloszenia.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for r in in_csv:
            la, lo = where[r.number]
            writer.writerow(
                [
                    r.number,
                    CATEGORIES[r.category][0],
                    STATUSES[r.status],
                    f"{r.created.astimezone(WARSAW):%d.%m.%Y %H:%M}",
                    f"{r.closed.astimezone(WARSAW):%d.%m.%Y %H:%M}" if r.closed else "",
                    r.description,
                    r.address,
                    r.district,
                    _comma(la),
                    _comma(lo),
                    r.reporter or "",
                    r.email or "",
                    r.phone or "",
                ]
            )

    feed = []
    for r in in_feed:
        la, lo = where[r.number]
        feed.append(
            {
                "service_request_id": r.number,
                "status": "closed" if r.status in ("closed", "rejected") else "open",
                "status_notes": STATUSES[r.status] if r.status != "open" else None,
                "service_name": CATEGORIES[r.category][0],
                "service_code": r.category,
                "description": r.description,
                "agency_responsible": AGENCY.get(r.category, "Urząd Miasta Przykładowo"),
                "service_notice": None,
                "requested_datetime": r.created.astimezone(WARSAW).isoformat(),
                "updated_datetime": (r.closed or r.created).astimezone(WARSAW).isoformat(),
                "expected_datetime": None,
                "address": r.address,
                "address_id": None,
                "zipcode": None,
                "lat": round(la, 6),
                "long": round(lo, 6),
                "media_url": None,
            }
        )
    (folder / "open311.json").write_text(
        json.dumps(feed, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return {"csv_rows": len(in_csv), "open311_rows": len(in_feed), "in_both": OVERLAP}
