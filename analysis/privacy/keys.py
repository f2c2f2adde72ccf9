"""The pseudonym keys: secrets kept on the computer, never in a workspace.

An athlete's user id is a keyed hash of what identifies them
(:func:`analysis.io.tracks.activity.pseudonym`). The key must not travel with
the workspace: whoever holds both can hash guessed names or Strava ids and find
their activities. So a workspace holds only its key's id (``pseudonym_key_id``
in its settings), and the key lives in the user's data folder:
``<user data>/Urbanista/keys/<id>.key`` (``URBANISTA_KEY_DIR`` names another
folder), written atomically, mode 0600 in a folder of mode 0700.

- A key is 32 random bytes, or bytes a city provides (a key file), or derived
  from a passphrase with scrypt (:func:`from_passphrase`) and the workspace's
  own random salt (``pseudonym_key_salt`` in its settings: not secret, but one
  per workspace, so no table of passphrases computed once fits every city).
- Its id is the first 16 hex digits of the SHA-256 of the key behind a fixed
  domain prefix: it names the key and reveals nothing of it.
- A key file is text: comment lines (``#``) and one line of hex. A file of raw
  bytes (``openssl rand 32 > city.key``) is read as well.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from pathlib import Path

from analysis.errors import InputError, WorkspaceError
from analysis.io.output_file import fsync

KEY_DIR_ENV = "URBANISTA_KEY_DIR"
"""Environment variable naming the folder of keys (tests, the demo, a shared drive)."""
KEY_BYTES = 32
MIN_KEY_BYTES = 16
"""Shortest key accepted from a file: 128 bits."""
MAX_KEY_FILE_BYTES = 4096
MIN_PASSPHRASE = 12
"""Characters a passphrase needs at least; several random words are better."""
SCRYPT = {"n": 2**17, "r": 8, "p": 1}
"""scrypt's cost for passphrases: 128 MiB of memory and about half a second per guess."""
SALT_META = "pseudonym_key_salt"
"""The workspace setting that holds the scrypt salt of a passphrase key (hex, not secret)."""
SALT_BYTES = 16
_SALT_DOMAIN = b"urbanista pseudonym key v2\0"
_ID_DOMAIN = b"urbanista pseudonym key id\0"
_ID = re.compile(r"[0-9a-f]{16}")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")


class MissingKeyError(WorkspaceError):
    """The workspace's pseudonym key is not in this computer's key store."""

    def __init__(self, key_id: str, workspace: Path) -> None:
        self.key_id = key_id
        self.workspace = workspace
        super().__init__(
            f"the pseudonym key {key_id} of {workspace} is not on this computer (not in "
            f"{key_dir()}): bring it from the computer that imported its tracks ('urbanista key "
            f"export {workspace} -o FILE' there, 'urbanista key import FILE' here), or start a "
            "new key on purpose with 'urbanista import tracks --new-key' (athletes already in "
            "the workspace are then counted twice, under new pseudonyms)"
        )


def key_dir() -> Path:
    """The folder of keys: ``$URBANISTA_KEY_DIR``, else ``keys`` in the user's data folder."""
    if folder := os.environ.get(KEY_DIR_ENV):
        return Path(folder).absolute()
    import platformdirs

    return Path(platformdirs.user_data_dir("Urbanista", appauthor=False)) / "keys"


def key_id(key: bytes) -> str:
    """The public name of ``key``: 16 hex digits that reveal nothing of it."""
    return hashlib.sha256(_ID_DOMAIN + key).hexdigest()[:16]


def key_path(ident: str) -> Path:
    """Where the key ``ident`` is, or would be, stored."""
    if not _ID.fullmatch(ident):
        raise InputError(f"{ident!r} is not a pseudonym key id (16 hex digits)")
    return key_dir() / f"{ident}.key"


def has_key(ident: str) -> bool:
    """Whether this computer has the key ``ident``."""
    return key_path(ident).is_file()


def load(ident: str, workspace: Path) -> bytes:
    """The key ``ident`` of ``workspace``.

    Raises
    ------
    MissingKeyError
        If it is not in the key store.
    WorkspaceError
        If the stored file is not that key (damaged, or edited).
    """
    path = key_path(ident)
    if not path.is_file():
        raise MissingKeyError(ident, workspace)
    key = read_key_file(path)
    if key_id(key) != ident:
        raise WorkspaceError(
            f"{path} does not hold the key {ident}: it was changed or damaged; "
            "import the key again from a backup"
        )
    return key


def new_key() -> str:
    """Make a random key, store it, and return its id."""
    return store(secrets.token_bytes(KEY_BYTES))


def store(key: bytes) -> str:
    """Put ``key`` into the key store (once: a stored key is never rewritten); return its id.

    Raises
    ------
    WorkspaceError
        If the key folder cannot be written.
    """
    if len(key) < MIN_KEY_BYTES:
        raise InputError(f"a pseudonym key needs at least {MIN_KEY_BYTES} bytes, not {len(key)}")
    ident = key_id(key)
    path = key_path(ident)
    if path.is_file():
        return ident
    try:
        _make_folder(path.parent)
        fd, partial = tempfile.mkstemp(prefix=f".{ident}.", suffix=".partial", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:  # mkstemp made it 0600
                f.write(key_file_bytes(key))
                f.flush()
                os.fsync(f.fileno())
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
        fsync(path.parent)
    except OSError as exc:
        if isinstance(exc, WorkspaceError):
            raise
        raise WorkspaceError(
            f"cannot store the pseudonym key in {path.parent}: {exc.strerror or exc}"
        ) from exc
    return ident


def _make_folder(folder: Path) -> None:
    """Create the key folder, mode 0700 (a folder given that exists keeps its mode)."""
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask


def key_file_bytes(key: bytes) -> bytes:
    """The content of the key file of ``key``: what it is, in comments, and the key in hex."""
    return (
        f"# Urbanista pseudonym key {key_id(key)}\n"
        "# Secret: keep it off shared drives and out of e-mail. Back it up: without it,\n"
        "# tracks imported later get new pseudonyms. Another computer takes it with\n"
        "# 'urbanista key import FILE'.\n"
        f"{key.hex()}\n"
    ).encode("ascii")


def read_key_file(path: Path) -> bytes:
    """The key in the key file ``path`` (text with one hex line, or raw bytes).

    Raises
    ------
    InputError
        If the file holds no key.
    """
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read the key file {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_KEY_FILE_BYTES:
        raise InputError(f"{path} is not a key file: more than {MAX_KEY_FILE_BYTES} bytes")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        if len(data) < MIN_KEY_BYTES:
            raise InputError(f"{path} is too short for a key: {len(data)} bytes") from None
        return data  # raw random bytes
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]
    if len(lines) != 1 or not _HEX.fullmatch(lines[0]) or len(lines[0]) < 2 * MIN_KEY_BYTES:
        raise InputError(
            f"{path} is not a key file: it needs one line of at least "
            f"{2 * MIN_KEY_BYTES} hex digits (and # comments)"
        )
    return bytes.fromhex(lines[0])


def new_salt() -> str:
    """A random scrypt salt for a workspace keyed by a passphrase, in hex."""
    return secrets.token_hex(SALT_BYTES)


def from_passphrase(passphrase: str, salt: str) -> bytes:
    """The key of ``passphrase`` in the workspace of ``salt`` (its ``pseudonym_key_salt``).

    scrypt (:data:`SCRYPT`), 32 bytes. The salt makes one workspace's key
    differ from another's of the same passphrase; it is not secret.

    Raises
    ------
    InputError
        If the passphrase is shorter than :data:`MIN_PASSPHRASE` characters, or
        ``salt`` is not the hex of at least :data:`SALT_BYTES` bytes.
    """
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise InputError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters; several "
            "random words are best"
        )
    if not _HEX.fullmatch(salt) or len(salt) < 2 * SALT_BYTES:
        raise InputError(f"{salt!r} is not a passphrase salt ({2 * SALT_BYTES} hex digits)")
    return hashlib.scrypt(
        passphrase.strip().encode("utf-8"),
        salt=_SALT_DOMAIN + bytes.fromhex(salt),
        dklen=KEY_BYTES,
        maxmem=256 << 20,
        **SCRYPT,
    )
