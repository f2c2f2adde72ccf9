"""Issue 13's attacks on the pseudonyms, through the command line: each must find nothing.

An attacker holds a copy of a city's workspace (not the computer it was made
on) and a list of names and Strava ids. The owner works on two computers, each
with its own key store (``URBANISTA_KEY_DIR``).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analysis.cli import cli
from tests.analysis.test_tracks_formats import gpx_bytes, straight, times

NAMES = ("Jan Kowalski", "Łukasz Wieczorek", "Anna Nowak-Zielińska", "Piotr Wiśniewski")
STRAVA_IDS = ("12345678", "31415926", "104857600", "777001")
FILE_NAMES = {  # what people call their recordings
    "Jan Kowalski": "Jan Kowalski - poranna jazda.gpx",
    "Łukasz Wieczorek": "Łukasz Wieczorek 502 123 456 bieg 2024-05-17.gpx",
    "Anna Nowak-Zielińska": "anna.nowak@poczta.example.pl_ride.gpx",
    "Piotr Wiśniewski": "PiotrWisniewski_Morning_Ride.gpx",
}
SECRETS = (
    "Kowalski",
    "Jan",
    "Łukasz",
    "Wieczorek",
    "Nowak",
    "Zielińska",
    "Piotr",
    "Wiśniewski",
    "Wisniewski",
    "502 123 456",
    "poczta",
    *STRAVA_IDS,
)
BASES = ("gpx_author", "strava_athlete", "garmin_profile", "tcx_author", "fit_user", "file", "")


def track(k: int, author: str | None = None) -> bytes:
    """A 1.1 km ride east, ``k`` x 100 m north of the first (so each file is its own)."""
    lat, lon = straight(120, y0=381_000.0 + 100.0 * k)
    return gpx_bytes(lat, lon, times(120), author=author)


def strava_export(path: Path, athlete: str, k: int, profile: bool) -> Path:
    """A Strava bulk export of two rides; the athlete id in profile.csv or only in the name."""
    rows = [
        {"Activity ID": n, "Activity Type": "Ride", "Filename": f"activities/{n}.gpx"}
        for n in (1000 + 2 * k, 1001 + 2 * k)
    ]
    with zipfile.ZipFile(path, "w") as zf:
        for i, row in enumerate(rows):
            zf.writestr(row["Filename"], track(20 + 2 * k + i))
        zf.writestr("activities.csv", _csv(rows))
        if profile:
            zf.writestr("profile.csv", _csv([{"Athlete ID": athlete, "First Name": "Jan"}]))
    return path


def _csv(rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@dataclass
class Computer:
    """One PC of the owner (or the attacker's): its own key store."""

    keys: Path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env={"URBANISTA_KEY_DIR": str(self.keys)})


@dataclass
class City:
    """The owner's workspace after importing the tracks on the first computer."""

    first: Computer
    workspace: Path
    inputs: Path
    import_json: str


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> City:
    root = tmp_path_factory.mktemp("city")
    inputs = root / "od mieszkańców"
    inputs.mkdir()
    for k, name in enumerate(NAMES):
        (inputs / FILE_NAMES[name]).write_bytes(track(k, author=name))
    for k, athlete in enumerate(STRAVA_IDS):
        strava_export(inputs / f"export_{athlete}.zip", athlete, k, profile=k % 2 == 0)
    first = Computer(root / "pierwszy" / "keys")
    workspace = root / "miasto.gpkg"
    assert first.run("workspace", "new", str(workspace)).exit_code == 0
    workspace.chmod(0o600)
    done = first.run("import", "tracks", str(inputs), "-w", str(workspace), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["imported"] == len(NAMES) + 2 * len(STRAVA_IDS)
    return City(first, workspace, inputs, done.stdout)


def user_ids(workspace: Path) -> dict[str, str]:
    """Activity id -> user id of the workspace's activities."""
    with closing(sqlite3.connect(f"{workspace.as_uri()}?mode=ro", uri=True)) as conn:
        return dict(conn.execute("SELECT activity_id, user_id FROM activities").fetchall())


def copy(city: City, folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copy(city.workspace, folder / city.workspace.name))


def everything_in(workspace: Path) -> set[str]:
    """Every text the workspace holds: settings, catalogue, every column of every table, and
    every string inside JSON values."""
    found: set[str] = set()
    with closing(sqlite3.connect(f"{workspace.as_uri()}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                found.update(v for v in row if isinstance(v, str))
    for text in list(found):
        try:
            found.update(_strings(json.loads(text)))
        except ValueError:
            continue
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def recovered(workspace: Path, candidates: set[str]) -> set[str]:
    """The true identities whose user id the attacker finds by hashing them with each candidate
    (as an HMAC key, as a salt before or after, or nothing), with every basis variant."""
    ids = set(user_ids(workspace).values())
    keys = [c.encode() for c in candidates]
    keys += [bytes.fromhex(c) for c in candidates if len(c) % 2 == 0 and _is_hex(c)]
    found = set()
    for value in (*NAMES, *STRAVA_IDS):
        messages = [value.encode()] + [
            m.encode() for b in BASES for m in (f"{b}\0{value}", f"{b}:{value}", b + value)
        ]
        for message in messages:
            guesses = {hashlib.sha256(message).hexdigest()[:16]}
            for key in keys:
                guesses.add(hmac.new(key, message, hashlib.sha256).hexdigest()[:16])
                guesses.add(hashlib.sha256(key + message).hexdigest()[:16])
                guesses.add(hashlib.sha256(message + key).hexdigest()[:16])
            if guesses & ids:
                found.add(value)
    return found


def _is_hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


def test_a_copied_workspace_gives_the_attacker_no_user_id(city: City, tmp_path: Path) -> None:
    attacker = Computer(tmp_path / "keys")
    stolen = copy(city, tmp_path / "kopia")
    candidates = everything_in(stolen)
    assert len(candidates) > 50  # the settings, the catalogue, the activities' columns

    assert recovered(stolen, candidates) == set()  # 0 of 8 athletes

    # The same attack with the key (as format 2 held its salt) finds every athlete.
    key = city.first.run("key", "show", str(city.workspace), "--json")
    key_file = Path(json.loads(key.stdout)["path"])
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.parent.stat().st_mode & 0o777 == 0o700
    secret = key_file.read_text(encoding="ascii").splitlines()[-1]
    assert recovered(stolen, candidates | {secret}) == {*NAMES, *STRAVA_IDS}
    assert secret not in stolen.read_bytes().decode("latin-1")
    assert attacker.run("key", "show", str(stolen)).stdout.count("on this computer: no") == 1


def test_no_name_or_id_is_kept_in_sources_or_printed(city: City, tmp_path: Path) -> None:
    raw = city.workspace.read_bytes()
    texts = everything_in(city.workspace)
    with closing(sqlite3.connect(city.workspace)) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM activities")]
        (catalogue,) = conn.execute(
            "SELECT sources FROM urbanista_catalogue WHERE name = 'activities'"
        ).fetchone()
    stored = [s["path"] for s in json.loads(catalogue)]
    assert "… - poranna jazda.gpx" in " ".join(sources)
    assert len(stored) == len(NAMES) + len(STRAVA_IDS)
    report = tmp_path / "raport.xlsx"
    wrote = city.first.run(
        "report",
        "-w",
        str(city.workspace),
        "-o",
        str(report),
        "--no-map",
        "--sections",
        "activities",
    )
    assert wrote.exit_code == 0, wrote.output
    with zipfile.ZipFile(report) as xlsx:
        sheets = " ".join(xlsx.read(n).decode() for n in xlsx.namelist() if n.endswith(".xml"))
    assert "poranna jazda" in sheets  # the sources are in the report, without names
    info = city.first.run("workspace", "info", str(city.workspace), "--json").stdout
    for secret in SECRETS:
        for where, text in (
            ("sources", " ".join(sources)),
            ("catalogue", " ".join(stored)),
            ("settings", " ".join(texts)),
            ("import output", city.import_json),
            ("info", info),
            ("report", sheets),
        ):
            assert secret not in text, (secret, where)
        if len(secret) >= 6:  # shorter ones might be any binary bytes
            assert secret.encode() not in raw, secret


def test_the_second_computer_needs_the_key_and_then_gets_the_same_pseudonyms(
    city: City, tmp_path: Path
) -> None:
    second = Computer(tmp_path / "drugi" / "keys")
    workspace = copy(city, tmp_path / "drugi")
    before = user_ids(workspace)
    jan_id = user_ids(city.workspace)[hashlib.sha256(track(0, "Jan Kowalski")).hexdigest()[:20]]
    later = tmp_path / "Jan Kowalski - wieczorna jazda.gpx"
    later.write_bytes(track(9, author="Jan Kowalski"))

    key_id = json.loads(second.run("key", "show", str(workspace), "--json").stdout)["key_id"]

    refused = second.run("import", "tracks", str(later), "-w", str(workspace))
    assert refused.exit_code == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith(
        f"urbanista: error: the pseudonym key {key_id} of {workspace} is not on this computer"
    )
    assert "'urbanista key export" in line and "'urbanista key import FILE'" in line
    assert "--new-key" in line and "counted twice" in line
    assert user_ids(workspace) == before

    usb = tmp_path / "pendrive"
    usb.mkdir()
    exported = city.first.run("key", "export", str(city.workspace), "-o", str(usb / "klucz.key"))
    assert exported.exit_code == 0, exported.output
    assert (usb / "klucz.key").stat().st_mode & 0o777 == 0o600
    assert second.run("key", "import", str(usb / "klucz.key")).exit_code == 0
    shown = second.run("key", "show", str(workspace)).stdout
    assert "on this computer: yes" in shown

    done = second.run("import", "tracks", str(later), "-w", str(workspace), "--json")
    assert done.exit_code == 0, done.output
    new = hashlib.sha256(later.read_bytes()).hexdigest()[:20]
    assert user_ids(workspace)[new] == jan_id  # the same person, the same pseudonym


def test_a_new_key_is_started_only_on_purpose_and_warns(city: City, tmp_path: Path) -> None:
    third = Computer(tmp_path / "trzeci" / "keys")
    workspace = copy(city, tmp_path / "trzeci")
    later = tmp_path / "jazda.gpx"
    later.write_bytes(track(8, author="Jan Kowalski"))
    old_key = json.loads(third.run("key", "show", str(workspace), "--json").stdout)["key_id"]

    done = third.run("import", "tracks", str(later), "-w", str(workspace), "--new-key")

    assert done.exit_code == 0, done.output
    assert "warning" in done.stderr and "counted twice" in done.stderr
    shown = json.loads(third.run("key", "show", str(workspace), "--json").stdout)
    assert shown["key_id"] != old_key and shown["here"]
    jan_before = user_ids(city.workspace)[hashlib.sha256(track(0, "Jan Kowalski")).hexdigest()[:20]]
    jan_now = user_ids(workspace)[hashlib.sha256(later.read_bytes()).hexdigest()[:20]]
    assert jan_now != jan_before  # counted as someone new: that is what the warning says


def test_file_modes_are_kept_private(city: City) -> None:
    assert city.workspace.stat().st_mode & 0o777 == 0o600  # after the import as before it
    keys = list(city.first.keys.iterdir())
    assert len(keys) == 1 and keys[0].stat().st_mode & 0o777 == 0o600
    assert city.first.keys.stat().st_mode & 0o777 == 0o700


def test_an_upgrade_from_format_2_moves_the_salt_out_and_its_pseudonyms_go_on(
    tmp_path: Path,
) -> None:
    salt = "3f1c0a9be2d84b7c9a0e1d2c3b4a5968"  # as format 2 kept it: 32 hex digits
    old_pc, new_pc = Computer(tmp_path / "stary" / "keys"), Computer(tmp_path / "nowy" / "keys")
    old = tmp_path / "stary.gpkg"
    (tmp_path / "klucz").write_text(salt.encode().hex(), encoding="ascii")
    assert (
        old_pc.run("workspace", "new", str(old), "--key-file", str(tmp_path / "klucz")).exit_code
        == 0
    )
    (tmp_path / "a.gpx").write_bytes(track(0, author="Jan Kowalski"))
    assert old_pc.run("import", "tracks", str(tmp_path / "a.gpx"), "-w", str(old)).exit_code == 0
    with closing(sqlite3.connect(old)) as conn, conn:  # back to format 2, as it was written
        conn.execute("UPDATE urbanista_workspace SET value = '2' WHERE key = 'format_version'")
        conn.execute(
            "UPDATE urbanista_workspace SET key = 'pseudonym_salt', value = ? "
            "WHERE key = 'pseudonym_key_id'",
            (salt,),
        )
    (jan,) = user_ids(old).values()
    format2_id = hmac.new(salt.encode(), b"gpx_author\0Jan Kowalski", hashlib.sha256)
    assert jan == format2_id.hexdigest()[:16]  # format 2's pseudonym
    assert salt.encode() in old.read_bytes()

    upgraded = new_pc.run("workspace", "upgrade", str(old))
    assert upgraded.exit_code == 0, upgraded.output
    copy = tmp_path / "stary-format3.gpkg"
    said = " ".join(upgraded.stderr.split())  # the old file holds the key: said, and not changed
    assert f"{old} still holds the pseudonym key" in said and "Delete it and its backups" in said
    assert f"'urbanista workspace upgrade {old} --in-place'" in said
    assert "'urbanista import tracks --new-key'" in said
    assert salt.encode() in old.read_bytes()
    assert salt.encode() not in copy.read_bytes()  # not even in a freed page
    with closing(sqlite3.connect(copy)) as conn:
        meta = dict(conn.execute("SELECT key, value FROM urbanista_workspace").fetchall())
    assert "pseudonym_salt" not in meta and meta["format_version"] == "3"
    assert (new_pc.keys / f"{meta['pseudonym_key_id']}.key").stat().st_mode & 0o777 == 0o600

    (tmp_path / "b.gpx").write_bytes(track(5, author="Jan Kowalski"))
    done = new_pc.run("import", "tracks", str(tmp_path / "b.gpx"), "-w", str(copy))
    assert done.exit_code == 0, done.output
    assert set(user_ids(copy).values()) == {jan}  # the old salt's pseudonyms go on


def test_an_upgrade_from_format_2_takes_the_names_out_of_the_file_names_it_kept(
    tmp_path: Path,
) -> None:
    pc = Computer(tmp_path / "keys")
    old = tmp_path / "stary.gpkg"
    assert pc.run("workspace", "new", str(old)).exit_code == 0
    gpx = tmp_path / FILE_NAMES["Jan Kowalski"]
    gpx.write_bytes(track(0))
    assert pc.run("import", "tracks", str(gpx), "-w", str(old)).exit_code == 0
    name = "Jan Kowalski - poranna jazda.gpx"
    with closing(sqlite3.connect(old)) as conn, conn:  # as format 2 kept it: names and all
        conn.execute("UPDATE urbanista_workspace SET value = '2' WHERE key = 'format_version'")
        conn.execute(
            "UPDATE urbanista_workspace SET key = 'pseudonym_salt', value = ? "
            "WHERE key = 'pseudonym_key_id'",
            ("ab" * 16,),
        )
        for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            conn.create_function(function, 1, lambda _: None)  # GDAL's triggers name them
        conn.execute("UPDATE activities SET source = ?", (name,))
        (sources,) = conn.execute(
            "SELECT sources FROM urbanista_catalogue WHERE name = 'activities'"
        ).fetchone()
        files = [{**f, "path": name} for f in json.loads(sources)]
        conn.execute(
            "UPDATE urbanista_catalogue SET sources = ? WHERE kind = 'tracks'", (json.dumps(files),)
        )
    assert name in everything_in(old) and b"Kowalski" in old.read_bytes()

    upgraded = pc.run("workspace", "upgrade", str(old), "--in-place")
    assert upgraded.exit_code == 0, upgraded.output
    assert "still holds" not in upgraded.stderr  # in place: no old file left with the key
    kept = everything_in(old)
    assert not {t for t in kept if "Jan" in t or "Kowalski" in t}, kept
    assert b"Kowalski" not in old.read_bytes()  # not even in a freed page
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("SELECT DISTINCT source FROM activities").fetchall() == [
            ("… - poranna jazda.gpx",)
        ]
        for (sources,) in conn.execute(
            "SELECT sources FROM urbanista_catalogue WHERE kind = 'tracks'"
        ):
            assert [f["path"] for f in json.loads(sources)] == ["… - poranna jazda.gpx"]
