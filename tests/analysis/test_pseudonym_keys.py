"""The key store: keys on the computer, only their ids in workspaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.cli import cli
from analysis.errors import InputError, WorkspaceError
from analysis.privacy import keys
from analysis.privacy.keys import MissingKeyError
from analysis.workspace import Workspace


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty key store of this test (its folder not made yet)."""
    folder = tmp_path / "dane" / "keys"
    monkeypatch.setenv("URBANISTA_KEY_DIR", str(folder))
    return folder


def test_the_key_store_is_urbanistas_data_folder_unless_the_environment_names_one(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    assert keys.key_dir() == store
    monkeypatch.delenv("URBANISTA_KEY_DIR")
    assert keys.key_dir() == Path(platformdirs.user_data_dir("Urbanista", appauthor=False)) / "keys"


def test_a_new_key_is_stored_privately_and_named_by_an_id_that_reveals_nothing(
    store: Path,
) -> None:
    ident = keys.new_key()
    path = store / f"{ident}.key"
    key = keys.read_key_file(path)
    assert re.fullmatch("[0-9a-f]{16}", ident) and len(key) == 32
    assert keys.key_id(key) == ident and ident not in key.hex()
    assert path.stat().st_mode & 0o777 == 0o600 and store.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in store.iterdir()] == [path.name]  # no partial file left
    assert keys.load(ident, Path("w.gpkg")) == key
    assert keys.new_key() != ident


def test_a_stored_key_is_never_rewritten_and_a_changed_one_is_refused(store: Path) -> None:
    key = bytes(range(32))
    ident = keys.store(key)
    path = keys.key_path(ident)
    before = path.stat().st_mtime_ns
    assert keys.store(key) == ident and path.stat().st_mtime_ns == before
    path.write_text(bytes(range(1, 33)).hex(), encoding="ascii")
    with pytest.raises(WorkspaceError, match="does not hold the key"):
        keys.load(ident, Path("w.gpkg"))


def test_a_missing_key_says_where_it_was_looked_for_and_the_ways_out(store: Path) -> None:
    with pytest.raises(MissingKeyError) as caught:
        keys.load("0123456789abcdef", Path("miasto.gpkg"))
    message = str(caught.value)
    assert message.startswith(
        "the pseudonym key 0123456789abcdef of miasto.gpkg is not on this "
        f"computer (not in {store})"
    )
    assert "'urbanista key import FILE'" in message and "--new-key" in message


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"# Urbanista pseudonym key\n" + bytes(range(32)).hex().encode(), bytes(range(32))),
        (b"  " + b"ab" * 16 + b"  \r\n", b"\xab" * 16),  # openssl rand -hex 16
        (bytes(range(200, 232)), bytes(range(200, 232))),  # openssl rand 32
    ],
    ids=["ours", "hex", "raw"],
)
def test_key_files_of_the_city_are_read(tmp_path: Path, content: bytes, key: bytes) -> None:
    path = tmp_path / "miasto.key"
    path.write_bytes(content)
    assert keys.read_key_file(path) == key


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not a key file"),
        (b"ab" * 8, "not a key file"),  # 8 bytes: too short
        (b"Haslo: tajne123\n", "not a key file"),
        (b"\xff\xfe", "too short"),
        (b"x" * 5000, "more than 4096 bytes"),
    ],
)
def test_what_is_no_key_file_is_refused(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "nie.key"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        keys.read_key_file(path)


SALT = "00112233445566778899aabbccddeeff"


def test_a_passphrase_gives_the_same_key_with_the_same_salt_and_must_be_long() -> None:
    key = keys.from_passphrase("zielony rower nad Wartą", SALT)
    assert len(key) == 32 and key == keys.from_passphrase(" zielony rower nad Wartą\n", SALT)
    assert key != keys.from_passphrase("zielony rower nad Wisłą", SALT)
    assert key != keys.from_passphrase("zielony rower nad Wartą", "ff" + SALT[2:])
    with pytest.raises(InputError, match="at least 12 characters"):
        keys.from_passphrase("krótkie", SALT)
    with pytest.raises(InputError, match="not a passphrase salt"):
        keys.from_passphrase("zielony rower nad Wartą", "")


def test_a_workspace_holds_only_the_id_of_its_own_key(store: Path, tmp_path: Path) -> None:
    a = Workspace.create(tmp_path / "a.gpkg")
    b = Workspace.create(tmp_path / "b.gpkg")
    ident = a.meta("pseudonym_key_id")
    assert ident and ident != b.meta("pseudonym_key_id")
    assert a.meta("pseudonym_salt") is None
    assert a.pseudonym_key().hex().encode() not in a.path.read_bytes()
    assert a.pseudonym_key() not in a.path.read_bytes()
    shared = Workspace.create(tmp_path / "c.gpkg", key_id=ident)
    assert shared.pseudonym_key() == a.pseudonym_key()
    assert a.info()["pseudonym_key_id"] == ident and a.info()["pseudonym_key_here"]
    with pytest.raises(InputError, match="not a pseudonym key id"):
        Workspace.create(tmp_path / "d.gpkg", key_id="../../etc/passwd")


def test_a_new_key_replaces_the_id_only(store: Path, tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "a.gpkg")
    old = ws.meta("pseudonym_key_id")
    new = ws.new_pseudonym_key()
    assert ws.meta("pseudonym_key_id") == new != old
    assert keys.has_key(old) and keys.has_key(new)  # the old key stays: older copies need it


def test_the_cli_creates_workspaces_with_a_key_file_or_a_passphrase(
    store: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    (tmp_path / "miasto.key").write_text("cd" * 32, encoding="ascii")
    made = runner.invoke(
        cli,
        ["workspace", "new", str(tmp_path / "a.gpkg"), "--key-file", str(tmp_path / "miasto.key")],
    )
    assert made.exit_code == 0, made.output
    ident = keys.key_id(b"\xcd" * 32)
    assert f"pseudonym key {ident}" in made.output
    assert (
        f"pseudonym key {ident}, on this computer"
        in runner.invoke(cli, ["workspace", "info", str(tmp_path / "a.gpkg")]).output
    )

    phrase = tmp_path / "haslo.txt"
    phrase.write_text("zielony rower nad Wartą\n", encoding="utf-8")
    made = runner.invoke(
        cli, ["workspace", "new", str(tmp_path / "b.gpkg"), "--passphrase-file", str(phrase)]
    )
    assert made.exit_code == 0, made.output
    b = Workspace.open(tmp_path / "b.gpkg")
    salt = b.meta(keys.SALT_META)
    assert salt and len(salt) == 32
    ident = keys.key_id(keys.from_passphrase("zielony rower nad Wartą", salt))
    assert b.meta("pseudonym_key_id") == ident
    asked = runner.invoke(
        cli,
        ["workspace", "new", str(tmp_path / "c.gpkg"), "--passphrase"],
        input="zielony rower nad Wartą\nzielony rower nad Wartą\n",
    )
    assert asked.exit_code == 0, asked.output
    c = Workspace.open(tmp_path / "c.gpkg")
    assert c.pseudonym_key() == keys.from_passphrase(
        "zielony rower nad Wartą", c.meta(keys.SALT_META) or ""
    )
    both = runner.invoke(
        cli,
        [
            "workspace",
            "new",
            str(tmp_path / "d.gpkg"),
            "--passphrase",
            "--key-file",
            str(tmp_path / "miasto.key"),
        ],
    )
    assert both.exit_code == 2 and not (tmp_path / "d.gpkg").exists()


def test_the_passphrase_brings_the_key_to_another_computer(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phrase = tmp_path / "haslo.txt"
    phrase.write_text("zielony rower nad Wartą\n", encoding="utf-8")
    runner = CliRunner()
    runner.invoke(
        cli, ["workspace", "new", str(tmp_path / "a.gpkg"), "--passphrase-file", str(phrase)]
    )
    monkeypatch.setenv("URBANISTA_KEY_DIR", str(tmp_path / "drugi"))
    wrong = runner.invoke(
        cli, ["key", "passphrase", str(tmp_path / "a.gpkg")], input="zielony rower nad Wisłą\n"
    )
    assert wrong.exit_code == 1 and "check the passphrase" in wrong.stderr
    assert not (tmp_path / "drugi").exists()
    right = runner.invoke(
        cli, ["key", "passphrase", str(tmp_path / "a.gpkg")], input="zielony rower nad Wartą\n"
    )
    assert right.exit_code == 0, right.output
    a = Workspace.open(tmp_path / "a.gpkg")
    assert a.pseudonym_key() == keys.from_passphrase(
        "zielony rower nad Wartą", a.meta(keys.SALT_META) or ""
    )


def test_one_passphrase_keys_two_workspaces_apart_and_a_short_one_is_refused(
    store: Path, tmp_path: Path
) -> None:
    """A salt per workspace: one table of passphrases' keys does not fit every city."""
    phrase = tmp_path / "haslo.txt"
    phrase.write_text("zielony rower nad Wartą\n", encoding="utf-8")
    runner = CliRunner()
    for name in ("poznan.gpkg", "gniezno.gpkg"):
        made = runner.invoke(
            cli, ["workspace", "new", str(tmp_path / name), "--passphrase-file", str(phrase)]
        )
        assert made.exit_code == 0, made.output
    poznan, gniezno = (Workspace.open(tmp_path / n) for n in ("poznan.gpkg", "gniezno.gpkg"))
    assert poznan.meta(keys.SALT_META) != gniezno.meta(keys.SALT_META)
    assert poznan.meta("pseudonym_key_id") != gniezno.meta("pseudonym_key_id")
    assert poznan.pseudonym_key() != gniezno.pseudonym_key()
    phrase.write_text("krótkie\n", encoding="utf-8")
    short = runner.invoke(
        cli, ["workspace", "new", str(tmp_path / "krotkie.gpkg"), "--passphrase-file", str(phrase)]
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.stderr
    assert not (tmp_path / "krotkie.gpkg").exists()
    random = runner.invoke(cli, ["workspace", "new", str(tmp_path / "losowy.gpkg")])
    assert random.exit_code == 0
    phrase.write_text("zielony rower nad Wartą\n", encoding="utf-8")
    refused = runner.invoke(
        cli, ["key", "passphrase", str(tmp_path / "losowy.gpkg"), "--passphrase-file", str(phrase)]
    )
    assert refused.exit_code == 1 and "not keyed by a passphrase" in refused.stderr


def test_key_export_writes_a_private_file_and_refuses_a_workspace(
    store: Path, tmp_path: Path
) -> None:
    ws = Workspace.create(tmp_path / "a.gpkg")
    runner = CliRunner()
    out = tmp_path / "kopia" / "klucz.key"
    out.parent.mkdir()
    out.write_text("an older backup, readable by all", encoding="ascii")
    out.chmod(0o644)
    done = runner.invoke(cli, ["key", "export", str(ws.path), "-o", str(out)])
    assert done.exit_code == 0 and "warning" not in done.output
    assert out.stat().st_mode & 0o777 == 0o600
    assert keys.read_key_file(out) == ws.pseudonym_key()
    beside = runner.invoke(cli, ["key", "export", str(ws.path), "-o", str(tmp_path / "k.key")])
    assert "lies beside the workspace" in beside.stderr
    over = runner.invoke(cli, ["key", "export", str(ws.path), "-o", str(ws.path)])
    assert over.exit_code == 1 and Workspace.open(ws.path).pseudonym_key() == ws.pseudonym_key()


def test_a_repaired_passphrase_workspace_keeps_its_salt_and_key(
    store: Path, tmp_path: Path
) -> None:
    phrase = tmp_path / "haslo.txt"
    phrase.write_text("zielony rower nad Wartą\n", encoding="utf-8")
    runner = CliRunner()
    made = runner.invoke(
        cli, ["workspace", "new", str(tmp_path / "a.gpkg"), "--passphrase-file", str(phrase)]
    )
    assert made.exit_code == 0, made.output
    fixed = runner.invoke(
        cli, ["workspace", "repair", str(tmp_path / "a.gpkg"), "-o", str(tmp_path / "b.gpkg")]
    )
    assert "repaired" in fixed.output  # (exit 1: an empty workspace has no layer to recover)
    a, b = Workspace.open(tmp_path / "a.gpkg"), Workspace.open(tmp_path / "b.gpkg")
    assert b.meta(keys.SALT_META) == a.meta(keys.SALT_META) is not None
    assert b.meta("pseudonym_key_id") == a.meta("pseudonym_key_id")
