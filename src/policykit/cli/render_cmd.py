"""``policykit render``, ``normalize``, ``new`` and ``generate``: policies out as .docx."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import main

_FILE = click.Path(dir_okay=False, path_type=Path)
_TEMPLATE_HELP = "House-style reference .docx: its styles, page setup, headers and footers."


def _warn(target: Path, warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"{target}: warning: {warning}", err=True)


def _usage(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _refuse_onto(output: Path | None, *inputs: Path | str | None) -> None:
    """Exit 2 when ``output`` is one of the files the command reads (a template, a source)."""
    if output is None:
        return
    from ..checking import output_conflict

    reads = [str(p) for p in inputs if p is not None and Path(p).is_file()]
    why = output_conflict(str(output), [], [], reads)
    if why is not None:
        _usage(f"{output}: refusing to write there: {why}")


def _parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    from ..render.placeholders import NAME

    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lower()
        if not sep or not NAME.match(key):
            raise click.BadParameter(f"{pair!r}: expected NAME=VALUE", param_hint="--set")
        values[key] = value
    return values


@main.command("render")
@click.argument("source", type=_FILE)
@click.option("-o", "--output", type=_FILE, required=True, help="The .docx to write.")
@click.option("--template", type=_FILE, default=None, help=_TEMPLATE_HELP)
def render_command(source: Path, output: Path, template: Path | None) -> None:
    """Write a policy from structured SOURCE (.yaml or .json) as a Word document."""
    from ..render import RenderError, render
    from ..render.source import load_policy

    if source.suffix.lower() == ".docx":
        _usage(f"{source}: a Word document; use 'policykit normalize' to re-style one")
    _refuse_onto(output, source, template)
    try:
        result = render(load_policy(source), output, template)
    except RenderError as exc:
        _usage(str(exc))
    _warn(output, result.warnings)
    click.echo(str(output))


@main.command("normalize")
@click.argument("input_doc", metavar="IN", type=_FILE)
@click.option("-o", "--output", type=_FILE, default=None, help="The .docx to write.")
@click.option("--template", type=_FILE, default=None, help=_TEMPLATE_HELP)
@click.option(
    "--in-place",
    is_flag=True,
    help="Write over IN; the original is kept in policykit's backups folder (policykit restore).",
)
@click.option("--kind", default=None, help="Policy kind (default: detected).")
def normalize_command(
    input_doc: Path,
    output: Path | None,
    template: Path | None,
    in_place: bool,
    kind: str | None,
) -> None:
    """Parse a Word policy and write the same content in the house style."""
    from ..errors import DocumentError, KindError
    from ..render import RenderError, normalize

    if not input_doc.is_file():
        _usage(f"{input_doc}: no such file")
    _refuse_onto(output, template)  # onto the input itself: refused below, unless --in-place
    try:
        result = normalize(input_doc, output, template, in_place=in_place, kind=kind)
    except DocumentError as exc:
        click.echo(f"{exc.path or input_doc}: {exc.code} {exc.name}: {exc.message}", err=True)
        sys.exit(1)
    except (RenderError, KindError) as exc:
        _usage(str(exc))
    _warn(result.path, result.warnings)
    if result.backup is not None:
        click.echo(f"{input_doc}: the original is kept as {result.backup}", err=True)
    click.echo(str(result.path))


@main.command("new")
@click.argument("kind_or_template", metavar="KIND|TEMPLATE")
@click.option("-o", "--output", type=_FILE, default=None, help="The .docx to write.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="A placeholder's value, e.g. --set school='Oak Academy' (repeatable).",
)
@click.option("--template", type=_FILE, default=None, help=_TEMPLATE_HELP)
@click.option(
    "--placeholders",
    "list_placeholders",
    is_flag=True,
    help="List the template's placeholders (and defaults) and stop.",
)
def new_command(
    kind_or_template: str,
    output: Path | None,
    sets: tuple[str, ...],
    template: Path | None,
    list_placeholders: bool,
) -> None:
    """A new policy from a kind's built-in template or a trust's own (.docx, .yaml)."""
    from ..render import RenderError, render
    from ..render.templates import COMPUTED, fill_template, load_template

    values = _parse_sets(sets)
    try:
        model = load_template(kind_or_template)
        if list_placeholders:
            for name in model.placeholders():
                default = model.defaults.get(name)
                if name in COMPUTED:
                    click.echo(f"{name} (computed: {COMPUTED[name]})")
                elif default is not None:
                    click.echo(f"{name} (default: {default})")
                else:
                    click.echo(f"{name} (needed)")
            return
        if output is None:
            _usage("give the output file with -o OUT.docx")
        _refuse_onto(output, kind_or_template, template)
        filled = fill_template(model, values)
        result = render(filled.policy, output, template)
    except RenderError as exc:
        _usage(str(exc))
    _warn(output, filled.warnings + result.warnings)
    click.echo(str(output))


@main.command("generate")
@click.argument("template_spec", metavar="KIND|TEMPLATE")
@click.option(
    "--data",
    "data_file",
    type=_FILE,
    required=True,
    help="CSV with a header row of placeholder names; one policy per row.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the policies (made if missing).",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for every row (a row's own value wins).",
)
@click.option("--template", type=_FILE, default=None, help=_TEMPLATE_HELP)
def generate_command(
    template_spec: str,
    data_file: Path,
    out_dir: Path,
    sets: tuple[str, ...],
    template: Path | None,
) -> None:
    """One policy per row of a CSV file; a bad row is reported and the rest still made.

    Each file is named from the row's "file" column, else from its school.
    Exits 1 if any row failed.
    """
    from ..render import RenderError
    from ..render.batch import generate
    from ..render.templates import load_template

    values = _parse_sets(sets)
    try:
        model = load_template(template_spec)
        outcome = generate(model, data_file, out_dir, values, template)
    except RenderError as exc:
        _usage(str(exc))
    for row in outcome.rows:
        if row.error is not None:
            click.echo(f"{data_file}:{row.line}: error: {row.error}", err=True)
            continue
        assert row.path is not None
        _warn(row.path, row.warnings)
        click.echo(str(row.path))
    failed = sum(1 for r in outcome.rows if r.error is not None)
    made = len(outcome.rows) - failed
    click.echo(f"{made} made, {failed} failed", err=True)
    if failed:
        sys.exit(1)
