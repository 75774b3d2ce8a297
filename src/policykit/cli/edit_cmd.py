"""``policykit annotate``, ``approve``, ``compare`` and ``restore``: the school's own Word files.

The work is done in :mod:`policykit.edit` (Word XML editing) and
:mod:`policykit.compare`; these are click commands only. Exit codes: 0 done,
1 a document could not be handled (said which and why), 2 usage.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import main

_PATH = click.Path(path_type=Path)


def _usage(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    found = tuple(c.strip() for v in values for c in v.split(",") if c.strip())
    return found or None


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from ..config import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (e.g. 2026-11-30)") from None


# --------------------------------------------------------------------------- annotate


def _annotate_plan(source: Path, output: Path | None, in_place: bool) -> list[tuple[str, str]]:
    """(input, output) pairs: a file to a file, or a folder's documents to a folder."""
    from ..checking import discover

    if in_place:
        if output is not None:
            _usage("give either -o OUT or --in-place, not both")
    elif output is None:
        _usage("give -o OUT (a .docx, or a folder for a folder), or --in-place")
    if source.is_dir():
        documents = [d for d in discover([source]) if d.lower().endswith((".docx", ".docm"))]
        if in_place:
            return [(d, d) for d in documents]
        assert output is not None
        top, out = os.path.realpath(source), os.path.realpath(output)
        if os.path.commonpath([top, out]) == top:
            _usage(
                f"{output} is inside {source}: the annotated copies would be checked as "
                "policies next time; write them to a folder outside it"
            )
        if output.exists() and not output.is_dir():
            _usage(f"{output} is a file; annotating a folder writes to a folder")
        from ..edit.outputs import mirror

        return [(d, mirror(d, str(source), str(output))) for d in documents]
    if not source.exists():
        _usage(f"{source}: no such file or folder")
    if in_place:
        return [(str(source), str(source))]
    assert output is not None
    if output.is_dir():
        return [(str(source), str(output / source.name))]
    if output.exists() and os.path.samefile(output, source):
        _usage(f"{output} is the input: use --in-place to write over it (a backup is kept)")
    return [(str(source), str(output))]


@main.command("annotate")
@click.argument("source", metavar="IN", type=_PATH)
@click.option("-o", "--output", type=_PATH, default=None, help="The .docx (or folder) to write.")
@click.option(
    "--in-place",
    is_flag=True,
    help="Write over IN; the original is kept in policykit's backups folder (not beside it).",
)
@click.option("--as-of", callback=_date_option, default=None, help="Check as of this date.")
@click.option("--select", multiple=True, help="Only these rule codes (or prefixes).")
@click.option("--ignore", multiple=True, help="Leave out these rule codes (or prefixes).")
def annotate_command(
    source: Path,
    output: Path | None,
    in_place: bool,
    as_of: dt.date | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Write IN with every finding as a Word comment on the text it concerns.

    IN is a .docx (written to the .docx OUT) or a folder (each document written
    to the same place under the folder OUT). The input is never changed unless
    --in-place. Whole-document findings go in one comment on the title.
    """
    from ..backups import new_run
    from ..checking import CheckOptions, run_check
    from ..config import Overrides
    from ..edit import EditError, annotate_bytes
    from ..edit.outputs import backup, read_document
    from ..errors import ConfigError, DocumentError
    from ..files import write_atomic

    plan = _annotate_plan(source, output, in_place)
    overrides = Overrides(select=_codes(select), ignore=_codes(ignore) or (), as_of=as_of)
    failed = 0
    run: str | None = None
    for document, target in plan:
        try:
            data = read_document(document)
            report = run_check([document], CheckOptions(overrides), discovered=[document])
            if report.documents[0].error is not None:
                raise DocumentError(report.documents[0].error.message)
            if read_document(document) != data:
                raise EditError("the file changed while it was being checked; try again")
            annotated = annotate_bytes(data, report.documents[0].findings)
            if in_place:
                run = run or new_run()
                kept = backup(document, data, run, annotated.data)
                click.echo(f"{document}: the original is kept as {kept}", err=True)
            os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
            write_atomic(target, annotated.data)
        except ConfigError as exc:
            _usage(str(exc))
        except (EditError, DocumentError, OSError) as exc:
            failed += 1
            reason = exc.message if isinstance(exc, DocumentError) else str(exc)
            click.echo(f"{document}: not annotated: {reason}", err=True)
            continue
        for note in annotated.notes:
            click.echo(f"{document}: {note}", err=True)
        count = len(report.documents[0].findings)
        click.echo(f"{target}: {annotated.comments} comment(s) for {count} finding(s)")
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- approve


@main.command("approve")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--date",
    "approved",
    callback=_date_option,
    required=True,
    help="The date governors approved the policies (2026-11-30 or 30/11/2026).",
)
@click.option("--by", default=None, help='Who approved them, e.g. "Full Governing Body".')
@click.option("--signed", default=None, help="The name to sign a review-history entry with.")
@click.option(
    "--next",
    "next_review",
    callback=_date_option,
    default=None,
    help="The next review date (default: the kind's review cycle after --date, else 12 months).",
)
@click.option("--dry-run", is_flag=True, help="Print each old and new value; write nothing.")
def approve_command(
    files: tuple[Path, ...],
    approved: dt.date,
    by: str | None,
    signed: str | None,
    next_review: dt.date | None,
    dry_run: bool,
) -> None:
    """Record an approval in each of FILES where it keeps its dates.

    The approval date (a table cell, a "Date approved:" line or the footer)
    gets --date, the review date the next review, a review-history table a new
    entry, each written in the document's own date style. All or nothing: if
    any file cannot be updated cleanly, none is written (it says which and why).
    The originals are kept in policykit's backups folder, not beside them.
    """
    from ..backups import new_run
    from ..edit.approve import ApprovalRequest, approve_bytes
    from ..edit.outputs import backup, read_document
    from ..edit.package import EditError
    from ..errors import DocumentError
    from ..files import write_atomic

    request = ApprovalRequest(approved, by, signed, next_review)
    done: list[tuple[Path, bytes, bytes]] = []
    failed: list[str] = []
    for path in files:
        try:
            data = read_document(path)
            result = approve_bytes(data, request)
        except (EditError, OSError) as exc:
            failed.append(f"{path}: cannot be updated: {exc}")
            continue
        except DocumentError as exc:
            failed.append(f"{path}: cannot be updated: {exc.message}")
            continue
        click.echo(f"{path}:")
        for change in result.changes:
            old = change.old if change.old is not None else "(new)"
            click.echo(f"  {change.what}: {old} -> {change.new}  [{change.where}]")
        for note in result.notes:
            click.echo(f"  note: {note}")
        done.append((path, data, result.data))
    if failed:
        for line in failed:
            click.echo(line, err=True)
        click.echo("Nothing was written: every file must be updated cleanly.", err=True)
        sys.exit(1)
    if dry_run:
        click.echo(f"Dry run: {len(done)} document(s) would be updated; nothing was written.")
        return
    moved = [str(path) for path, data, _ in done if read_document(path) != data]
    if moved:
        click.echo(
            f"{', '.join(moved)}: changed while being updated; nothing was written", err=True
        )
        sys.exit(1)
    run = new_run()
    for path, data, new in done:
        kept = backup(path, data, run, new)
        write_atomic(path, new)
        click.echo(f"{path}: updated (the original is kept as {kept})", err=True)


# --------------------------------------------------------------------------- compare


@main.command("compare")
@click.argument("model", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("school", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--kind", default=None, help="Policy kind of both (default: the model's, detected).")
def compare_command(model: Path, school: Path, fmt: str, kind: str | None) -> None:
    """Compare a SCHOOL's copy of a policy with the trust's MODEL, section by section.

    The model marks what schools may not change: a style whose name contains
    "Fixed", a content control tagged policykit:fixed, or a comment
    "policykit: fixed". A fixed section changed or removed is PK503
    model-drift (exit 1); the school's own details (its name, staff names,
    dates) and edits to sections that are not fixed are listed, not flagged.
    """
    import json

    from ..compare import compare_files
    from ..errors import DocumentError, KindError

    try:
        comparison = compare_files(model, school, kind)
    except KindError as exc:
        _usage(str(exc))
    except DocumentError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(comparison.text())
    sys.exit(1 if comparison.findings() else 0)


# --------------------------------------------------------------------------- restore


@main.command("restore")
@click.argument("wanted", metavar="[ID|PATH]", required=False)
@click.option("--force", is_flag=True, help="Restore even over a document changed since.")
def restore_command(wanted: str | None, force: bool) -> None:
    """List the documents kept before an in-place write, or put one back.

    Without an argument: every backup, newest first (its id, when it was
    taken, the document's path). With an id, or a document's path (its newest
    backup): the document is put back as it was, atomically. A document
    changed since policykit wrote it is not overwritten without --force.
    """
    from ..backups import RestoreRefused, backups_dir, find_backup, list_backups, restore

    if wanted is None:
        kept = list_backups()
        if not kept:
            click.echo(f"No backups (they are kept in {backups_dir()}).")
            return
        for item in kept:
            click.echo(item.describe())
        return
    found = find_backup(wanted)
    if found is None:
        _usage(f"{wanted}: no backup with this id or of this document (see `policykit restore`)")
    item = found
    try:
        restore(item, force)
    except RestoreRefused as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Error: {item.original}: cannot be written: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"{item.original}: restored from the backup {item.id} ({item.when:%Y-%m-%d %H:%M})")
