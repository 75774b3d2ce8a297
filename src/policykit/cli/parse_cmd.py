"""``policykit parse``, ``policykit schema`` and ``policykit kinds``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import main


@main.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "text"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option("--kind", default=None, help="Policy kind (default: detected).")
@click.option("--full", is_flag=True, help="Text format: do not shorten paragraphs.")
def parse_command(file: Path, fmt: str, kind: str | None, full: bool) -> None:
    """Parse a Word policy and print it as data."""
    from ..errors import DocumentError, KindError
    from ..parsing import parse_document

    if not file.exists():
        raise click.UsageError(f"{file}: no such file")
    try:
        result = parse_document(file, kind)
    except DocumentError as exc:
        click.echo(f"{exc.path or file}: {exc.code} {exc.name}: {exc.message}", err=True)
        sys.exit(1)
    except KindError as exc:
        raise click.UsageError(str(exc)) from exc
    policy = result.policy
    if fmt in ("json", "yaml"):
        data = policy.model_dump(mode="json")
        # what decided the kind, beside it (CONTRACT.md); not part of the policy's content
        data = {"kind": data.pop("kind"), "kind_source": policy.kind_source, **data}
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        import yaml

        click.echo(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
            nl=False,
        )
    else:
        from ..outline import outline

        click.echo(outline(policy, full=full), nl=False)
    for notice in result.notices:
        click.echo(f"{file}: note: {notice.message}", err=True)


@main.command("schema")
@click.argument("kind", required=False)
@click.option(
    "--kind-file", is_flag=True, help="Print the schema of kind files (schemas/*.yaml) instead."
)
def schema_command(kind: str | None, kind_file: bool) -> None:
    """Print the JSON Schema of the Policy model (or of a KIND's policies)."""
    from ..errors import KindError
    from ..kinds import KindSpec, get_kind
    from ..model import policy_json_schema

    if kind_file:
        schema = KindSpec.model_json_schema()
        schema["title"] = "policykit kind file"
    elif kind is None:
        schema = policy_json_schema()
    else:
        try:
            schema = get_kind(kind).policy_schema()
        except KindError as exc:
            raise click.UsageError(str(exc)) from exc
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


@main.command("kinds")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def kinds_command(fmt: str) -> None:
    """List the policy kinds policykit knows."""
    from ..kinddocs import kind_list, kinds_markdown
    from ..kinds import all_kinds

    if fmt == "markdown":
        click.echo(kinds_markdown(), nl=False)
    elif fmt == "json":
        rows = [k.spec.model_dump(mode="json", exclude_defaults=False) for k in all_kinds()]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(kind_list(), nl=False)


@main.command("kind")
@click.argument("kind_id", metavar="KIND")
def kind_command(kind_id: str) -> None:
    """Explain one kind: statute, review cycle, sections, content items, outdated references."""
    from ..errors import KindError
    from ..kinddocs import kind_text
    from ..kinds import get_kind

    try:
        kind = get_kind(kind_id)
    except KindError as exc:
        raise click.BadParameter(f"{exc} (see `policykit kinds`)", param_hint="KIND") from exc
    click.echo(kind_text(kind), nl=False)
