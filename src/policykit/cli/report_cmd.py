"""``policykit report``: the trust's dashboard, one self-contained HTML file."""

from __future__ import annotations

import datetime as dt
import os
import warnings

import click

from . import main
from .check_cmd import (
    AS_OF_OPTION,
    CACHE_DIR_OPTION,
    CONFIG_OPTION,
    JOBS_OPTION,
    NO_CACHE_OPTION,
    ConfigProblem,
    _cache_dir,
    _default_jobs,
    _registry,
)


@main.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False, path_type=str))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The HTML file to write (atomically), e.g. trust.html.",
)
@AS_OF_OPTION
@CONFIG_OPTION
@JOBS_OPTION
@NO_CACHE_OPTION
@CACHE_DIR_OPTION
def report_command(
    paths: tuple[str, ...],
    output: str,
    as_of: dt.date | None,
    config_file: str | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Write one HTML dashboard of every policy under PATHS: open it in any browser.

    The file needs no network (styles, script and charts are inside it), so it
    can be kept on a shared drive or sent by email. Exit 0 when it is written.
    """
    from ..checking import CheckOptions, discover, output_conflict, run_check
    from ..config import Overrides
    from ..errors import ConfigError
    from ..files import write_atomic
    from ..reports.html import render_html

    if not output.lower().endswith((".html", ".htm")):
        raise ConfigProblem(f"{output}: the dashboard is an HTML file: name it .html")
    if config_file is not None and not os.path.isfile(config_file):
        raise click.BadParameter(f"{config_file}: no such file", param_hint="'--config'")
    registry = _registry()
    try:
        files = discover(paths)
        why = output_conflict(output, paths, files, [config_file] if config_file else [])
        if why is not None:
            raise click.BadParameter(
                f"{output}: refusing to write there: {why}", param_hint="'--output'"
            )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            options = CheckOptions(
                Overrides(as_of=as_of),
                config_file,
                jobs=jobs or _default_jobs(),
                registry=registry,
                cache_dir=_cache_dir(no_cache, cache_dir),
            )
            report = run_check(list(paths), options, discovered=files)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    except OSError as exc:
        raise ConfigProblem(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
    for warning in caught:
        click.echo(f"policykit: {warning.message}", err=True)
    try:
        write_atomic(output, render_html(report))
    except OSError as exc:
        raise ConfigProblem(f"{output}: cannot write the report: {exc.strerror or exc}") from None
    lapsed = sum(1 for d in report.documents if d.status == "lapsed")
    documents = sum(1 for d in report.documents if d.status != "school")
    click.echo(f"{output}: {documents} documents, {lapsed} lapsed (as of {report.as_of})", err=True)


__all__ = ["report_command"]
