"""``urbanista key show|export|import|passphrase``: the pseudonym key a workspace names."""

from __future__ import annotations

import json
from pathlib import Path

import click

from analysis.errors import InputError, WorkspaceError

_workspace = click.argument(
    "workspace", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
passphrase_option = click.option(
    "--passphrase-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the passphrase from the first line of this file instead of asking for it.",
)


@click.group()
def key() -> None:
    """The pseudonym key: the secret that turns athletes into user ids.

    A workspace holds only the key's id; the key stays on the computer, in
    Urbanista's data folder (URBANISTA_KEY_DIR names another). Without it, the
    tracks imported later get new pseudonyms. Back it up with 'key export', and
    bring it to another computer with 'key import' (or 'key passphrase', for a
    workspace keyed by a passphrase).
    """


@key.command("show")
@_workspace
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def show(workspace: Path, as_json: bool) -> None:
    """Show WORKSPACE's key id, whether this computer has the key, and how to back it up."""
    from analysis.privacy import keys
    from analysis.workspace import Workspace

    ws = Workspace.open(workspace)
    ident = ws.meta("pseudonym_key_id")
    if not ident:
        raise WorkspaceError(f"{ws.path} names no pseudonym key")
    here = keys.has_key(ident)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "workspace": str(ws.path),
                    "key_id": ident,
                    "here": here,
                    "path": str(keys.key_path(ident)),
                },
                indent=1,
            )
        )
        return
    click.echo(f"pseudonym key of {ws.path}: {ident}")
    if here:
        click.echo(f"  on this computer: yes, {keys.key_path(ident)}")
        click.echo(
            f"  back it up: urbanista key export {workspace} -o FILE, and keep FILE "
            "apart from the workspace (whoever has both can test guessed names); "
            "without the key, tracks imported later get new pseudonyms"
        )
    else:
        click.echo(f"  on this computer: no (not in {keys.key_dir()})")
        click.echo(
            f"  bring it: 'urbanista key export {workspace} -o FILE' on the computer "
            "that imported the tracks, then 'urbanista key import FILE' here (or "
            f"'urbanista key passphrase {workspace}' if the city keys it with a "
            "passphrase)"
        )


@key.command("export")
@_workspace
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The key file to write (mode 0600).",
)
def export(workspace: Path, output: Path) -> None:
    """Write WORKSPACE's pseudonym key to a file: a backup, or for another computer."""
    from analysis.io.output_file import write_output
    from analysis.privacy import keys
    from analysis.workspace import Workspace

    ws = Workspace.open(workspace)
    secret = ws.pseudonym_key()
    write_output(output, keys.key_file_bytes(secret), mode=0o600)
    click.echo(
        f"wrote the pseudonym key {keys.key_id(secret)} to {output}: keep it secret; "
        "another computer takes it with 'urbanista key import FILE'"
    )
    if output.absolute().parent == ws.path.parent:
        click.echo(
            f"urbanista: warning: {output} lies beside the workspace: keep it apart "
            "(whoever has both can test guessed names)",
            err=True,
        )


@key.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_key(file: Path) -> None:
    """Put the key in FILE (from 'key export', or the city's own) into this computer's keys."""
    from analysis.privacy import keys

    ident = keys.store(keys.read_key_file(file))
    click.echo(f"imported the pseudonym key {ident} into {keys.key_dir()}")


@key.command("passphrase")
@_workspace
@passphrase_option
def passphrase(workspace: Path, passphrase_file: Path | None) -> None:
    """Bring WORKSPACE's key to this computer from the passphrase it was created with."""
    from analysis.privacy import keys
    from analysis.workspace import Workspace

    ws = Workspace.open(workspace)
    ident = ws.meta("pseudonym_key_id")
    salt = ws.meta(keys.SALT_META)
    if not salt:
        raise InputError(
            f"{ws.path} was not keyed by a passphrase (it holds no "
            f"{keys.SALT_META}): bring its key with 'urbanista key export' on "
            "the computer that has it and 'urbanista key import' here"
        )
    secret = keys.from_passphrase(read_passphrase(passphrase_file, confirm=False), salt)
    if keys.key_id(secret) != ident:
        raise InputError(
            f"this passphrase gives the key {keys.key_id(secret)}, but {ws.path} "
            f"is keyed by {ident}: check the passphrase"
        )
    keys.store(secret)
    click.echo(f"this computer has the pseudonym key {ident} of {ws.path} now")


def read_passphrase(file: Path | None, confirm: bool) -> str:
    """The passphrase: the first line of ``file``, else asked for (twice when ``confirm``)."""
    if file is not None:
        lines = file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    text: str = click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    return text
