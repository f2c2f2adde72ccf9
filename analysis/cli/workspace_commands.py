"""``urbanista workspace new|info|check|repair``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from analysis.cli.key_commands import passphrase_option
from analysis.crs import DEFAULT_CRS
from analysis.printable import printable, printable_json


@click.group()
def workspace() -> None:
    """Create and inspect workspaces (one GeoPackage each)."""


@workspace.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--crs",
    default=DEFAULT_CRS,
    show_default=True,
    help="Metric CRS of the workspace; imports are reprojected to it.",
)
@click.option(
    "--key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Key the athletes' pseudonyms with this key file (the city's own, or "
    "another workspace's from 'urbanista key export'); default: a new key.",
)
@click.option(
    "--passphrase",
    "ask_passphrase",
    is_flag=True,
    help="Key them with a key derived from a passphrase, asked for twice.",
)
@passphrase_option
def new(
    path: Path,
    crs: str,
    key_file: Path | None,
    ask_passphrase: bool,
    passphrase_file: Path | None,
) -> None:
    """Create an empty workspace at PATH.

    Its pseudonym key stays on this computer ('urbanista key show PATH' says
    where); the workspace holds only the key's id.
    """
    from analysis.cli.key_commands import read_passphrase
    from analysis.privacy import keys
    from analysis.workspace import Workspace

    if sum((key_file is not None, ask_passphrase, passphrase_file is not None)) > 1:
        raise click.UsageError("give one of --key-file, --passphrase, --passphrase-file")
    key_id = salt = None
    if key_file is not None:
        key_id = keys.store(keys.read_key_file(key_file))
    elif ask_passphrase or passphrase_file is not None:
        salt = keys.new_salt()  # this workspace's own: one passphrase, another key per city
        phrase = read_passphrase(passphrase_file, confirm=True)
        key_id = keys.store(keys.from_passphrase(phrase, salt))
    ws = Workspace.create(path, crs, key_id, salt)
    click.echo(
        f"created workspace {ws.path} in {ws.crs}, pseudonym key "
        f"{ws.meta('pseudonym_key_id')} (back it up: urbanista key export)"
    )


@workspace.command("info")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def info(path: Path, as_json: bool) -> None:
    """Show what the workspace at PATH holds."""
    from analysis.workspace import Workspace

    summary = Workspace.open(path).info()
    click.echo(printable_json(summary) if as_json else format_info(summary))


@workspace.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def check(ctx: click.Context, path: Path, as_json: bool) -> None:
    """List what is wrong with the workspace at PATH (exit 1 if anything is an error)."""
    from analysis.workspace.health import Severity, check_workspace

    problems = check_workspace(path)
    failed = any(p.severity is Severity.ERROR for p in problems)
    if as_json:
        click.echo(printable_json([p.to_json() for p in problems]))
    else:
        for problem in problems:
            click.echo(printable(f"{path}: {problem}"))
        if not problems:
            click.echo(f"{path}: no problems found")
        elif failed:
            click.echo(f"repair it into a new file: urbanista workspace repair {path} -o NEW.gpkg")
    if failed:
        ctx.exit(1)


@workspace.command("repair")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The new workspace to write (never PATH itself).",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def repair(ctx: click.Context, path: Path, out: Path, as_json: bool) -> None:
    """Rebuild the workspace at PATH into a new workspace OUT from the layers it still holds.

    Exits 1 when part of it could not be recovered, or no layer at all.
    """
    from analysis.workspace import DatasetKind
    from analysis.workspace.repair import repair_workspace

    result = repair_workspace(path, out)
    partial = bool(result.failed) or all(r.kind is DatasetKind.RASTER for r in result.recovered)
    if as_json:
        click.echo(printable_json(result.to_json()))
        ctx.exit(1 if partial else 0)
    click.echo(f"repaired {path} into {result.path} ({result.crs}); {path} is unchanged")
    for r in result.recovered:
        count = "" if r.feature_count is None else f", {r.feature_count:,} features"
        notes = [f"was {r.renamed_from!r}"] if r.renamed_from else []
        notes += ["kind guessed"] if r.kind_guessed else []
        notes += [f"lost: {', '.join(r.lost)}"] if r.lost else []
        click.echo(
            printable(
                f"  recovered {r.name} ({r.kind}{count})"
                + (f": {'; '.join(notes)}" if notes else "")
            )
        )
    for problem in result.failed:
        click.echo(printable(f"  not recovered: {problem.subject}: {problem.message}"))
    if not result.key_kept:
        click.echo("  lost: the pseudonym key's id; tracks imported again get new user ids")
    for problem in result.remaining:
        click.echo(printable(f"  still: {problem}"))
    if partial:
        click.echo(
            f"urbanista: only part of {path} could be recovered (no layer, or some "
            f"not): keep {path} and ask for help before deleting it",
            err=True,
        )
        ctx.exit(1)


def format_info(summary: dict[str, Any]) -> str:
    """The workspace summary as a table for people; names and titles made printable."""
    from analysis.planning.result import SUMMARY_FACT
    from analysis.workspace.catalogue import quality_summary

    lines = [
        f"workspace {summary['path']}",
        f"  CRS {summary['crs']}, created {summary['created_at']}, "
        f"{summary['size_bytes'] / 1e6:.1f} MB, {len(summary['datasets'])} dataset(s)",
    ]
    if ident := summary.get("pseudonym_key_id"):
        where = (
            "on this computer"
            if summary["pseudonym_key_here"]
            else "NOT on this computer ('urbanista key show' says how to bring it)"
        )
        lines.append(f"  pseudonym key {ident}, {where}")
    if summary["datasets"]:
        rows = [("name", "kind", "features", "licence", "source date", "quality flags")]
        for d in summary["datasets"]:
            flags = quality_summary(d["quality"]) or "-"
            if analysis := d["quality"].get("analysis"):  # its parameters: in --json
                n_params = len(set(d["quality"]) - {"analysis", SUMMARY_FACT})
                unit = f", unit: {d['quality']['unit']}" if "unit" in d["quality"] else ""
                flags = f"{d['title'] or analysis}{unit} ({n_params} parameters: --json)"
            count = "-" if d["feature_count"] is None else f"{d['feature_count']:,}"
            name, licence = printable(d["name"]), printable(d["licence"] or "-")
            when, flags = printable(d["source_date"] or "-"), printable(flags)
            rows.append((name, d["kind"], count, licence, when, flags))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for r in rows:
            cells = [
                c.rjust(w) if i == 2 else c.ljust(w)
                for i, (c, w) in enumerate(zip(r[:-1], widths, strict=True))
            ]
            lines.append("  " + "  ".join(cells) + "  " + r[-1])
    return "\n".join(lines)
