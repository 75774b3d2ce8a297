"""``policykit check``, ``policykit rules`` and ``policykit rule CODE``.

Exit codes of ``check`` (CONTRACT.md): 0 no finding at or above the fail level,
1 findings (an unreadable document counts), 2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, NoReturn

import click

from . import main

if TYPE_CHECKING:
    from ..rules.registry import Registry

PROGRESS_MIN_FILES = 20  # fewer documents finish before a bar is worth drawing


class ConfigProblem(click.ClickException):
    """Bad configuration (exit 2, like a usage error)."""

    exit_code = 2


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select PK2,PK301 --select PK4`` -> ("PK2", "PK301", "PK4")."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from ..config import parse_as_of

    try:
        return parse_as_of(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date (e.g. 2026-11-22, 22/11/2026 or Autumn 2026)"
        ) from None


def _default_jobs() -> int:
    counter: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _registry() -> Registry:
    from ..errors import ConfigError
    from ..rules.registry import default_registry

    try:
        return default_registry()
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None


def _fail(message: str) -> NoReturn:
    raise ConfigProblem(message)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only for a terminal and a long run."""
    if not enabled or total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Checking", file=sys.stderr, show_pos=True) as bar:
        last = [0]

        def update(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        yield update


def _cache_dir(no_cache: bool, cache_dir: str | None) -> str | None:
    """The cache folder for this run: None with --no-cache."""
    if no_cache:
        return None
    if cache_dir is not None:
        return cache_dir
    from ..cache import default_cache_dir

    return default_cache_dir()


def _tty() -> bool:
    return sys.stdout.isatty()


def _use_colour(output: str | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@contextmanager
def _stops_cleanly() -> Iterator[None]:
    """On SIGINT or SIGTERM: workers stopped (by the engine), temporary files removed, the
    old report kept, one line on stderr, exit 128 + the signal's number (130, 143)."""
    import signal

    from ..errors import Interrupted
    from ..stopping import stop

    try:
        yield
    except Interrupted as exc:
        stop(exc.signum)
    except KeyboardInterrupt:  # a caller's own SIGINT handling (e.g. run in-process)
        stop(signal.SIGINT)


# Options `check` shares with the other commands that check documents (`report`).
AS_OF_OPTION: Final = click.option(
    "--as-of",
    callback=_as_of,
    metavar="DATE",
    help="Judge review dates as on this day (default: today): 2026-11-22, 22/11/2026 "
    "(day first) or a period such as 'Autumn 2026' (its first day).",
)
JOBS_OPTION: Final = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents checked in parallel (default: all cores).",
)
CONFIG_OPTION: Final = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Use this configuration file for every document.",
)
NO_CACHE_OPTION: Final = click.option(
    "--no-cache", is_flag=True, help="Check every document afresh; read and write no cache."
)
CACHE_DIR_OPTION: Final = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Keep results here (default: $POLICYKIT_CACHE_DIR, else the configuration's "
    "cache-dir, else your user cache folder; never the policies' folders).",
)


@main.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False, path_type=str))
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="text, json, csv, sarif, github, junit, html, xlsx (give -o FILE), ics or summary "
    "(or a plugin's format).",
)
@AS_OF_OPTION
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules: codes, prefixes (PK2) or names, comma-separated.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Skip these rules (added to the configuration's ignore).",
)
@JOBS_OPTION
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the report to FILE (atomically) instead of standard output.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: warning).",
)
@click.option(
    "--due-soon-days",
    type=click.IntRange(min=0),
    default=None,
    help="Days ahead that a review counts as due soon (default: 60).",
)
@click.option(
    "--reminder-days",
    type=click.IntRange(min=0, max=366),
    default=None,
    metavar="N",
    help="--format ics: each review's reminder goes off N days before it falls due "
    "(default: [tool.policykit.trust] reminder-days).",
)
@CONFIG_OPTION
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Hide findings recorded in this baseline file: show only new problems.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Record the current findings as a baseline file (exit 0).",
)
@click.option("--no-progress", is_flag=True, help="Never draw a progress bar.")
@NO_CACHE_OPTION
@CACHE_DIR_OPTION
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    as_of: dt.date | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int | None,
    output: str | None,
    exit_zero: bool,
    fail_on: str | None,
    due_soon_days: int | None,
    reminder_days: int | None,
    config_file: str | None,
    baseline: str | None,
    write_baseline: str | None,
    no_progress: bool,
    no_cache: bool,
    cache_dir: str | None,
) -> None:
    """Lint Word policies in PATHS (files and folders, searched recursively)."""
    # The options are mapped onto policykit.checking.run_check and its report sinks.
    with _stops_cleanly():
        from ..baseline import BaselineWriter
        from ..checking import CheckOptions, ReportSink, run_check
        from ..config import Overrides
        from ..errors import ConfigError, OutputError
        from ..reports import ReportOptions, StreamedFormat, refuse_output, report_sink

        registry = _registry()
        if fmt not in registry.formats():
            raise click.BadParameter(
                f"{fmt!r} is not a format (choose from {', '.join(registry.formats())})",
                param_hint="'--format'",
            )
        if config_file is not None and not os.path.isfile(config_file):
            raise click.BadParameter(f"{config_file}: no such file", param_hint="'--config'")
        files = _discover(paths)
        _refuse_targets(paths, files, output, write_baseline, [config_file, baseline])
        writer = registry.writer(fmt)
        refused = refuse_output(fmt, writer, output, _tty())
        if refused is not None:
            _fail(refused)
        # A progress bar on the terminal the report is streaming to would garble it.
        to_terminal = isinstance(writer, StreamedFormat) and output is None and _tty()
        baseline_sink = None if write_baseline is None else BaselineWriter(write_baseline)
        try:
            with (
                report_sink(
                    writer,
                    ReportOptions(registry, color=_use_colour(output), reminder_days=reminder_days),
                    output,
                    _echo,
                ) as sink,
                _progress(len(files), not no_progress and not to_terminal) as progress,
                warnings.catch_warnings(record=True) as caught,
            ):
                warnings.simplefilter("always", RuntimeWarning)
                options = CheckOptions(
                    Overrides(
                        select=_codes(select) or None,
                        ignore=_codes(ignore),
                        due_soon_days=due_soon_days,
                        fail_on=fail_on,  # type: ignore[arg-type]  # click.Choice gives a Severity
                        as_of=as_of,
                    ),
                    config_file,
                    baseline,
                    jobs=jobs or _default_jobs(),
                    registry=registry,
                    progress=progress,
                    cache_dir=_cache_dir(no_cache, cache_dir),
                    keep_documents=False,
                )
                sinks: list[ReportSink] = [sink] if baseline_sink is None else [sink, baseline_sink]
                report = run_check(paths, options, sinks, discovered=files)
        except (ConfigError, OutputError) as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        for warning in caught:
            click.echo(f"policykit: {warning.message}", err=True)
        if baseline_sink is not None:
            click.echo(
                f"policykit: recorded {baseline_sink.recorded} findings in {write_baseline}",
                err=True,
            )
        sys.exit(report.exit_code(exit_zero or write_baseline is not None))


def _echo(data: str | bytes) -> None:
    click.echo(data, nl=False)


def _refuse_targets(
    paths: tuple[str, ...],
    files: list[str],
    output: str | None,
    write_baseline: str | None,
    reads: list[str | None],
) -> None:
    """A usage error when --output or --write-baseline would overwrite what the run reads."""
    from ..checking import output_conflict

    for flag, target in (("--output", output), ("--write-baseline", write_baseline)):
        if target is None:
            continue
        why = output_conflict(target, paths, files, [p for p in reads if p is not None])
        if why is not None:
            raise click.BadParameter(
                f"{target}: refusing to write there: {why}", param_hint=f"'{flag}'"
            )
    if output is not None and output == write_baseline:
        raise click.BadParameter(
            f"{output}: the report and the baseline cannot be one file", param_hint="'--output'"
        )


def _discover(paths: tuple[str, ...]) -> list[str]:
    from ..checking import discover
    from ..errors import ConfigError

    try:
        return discover(paths)
    except ConfigError as exc:
        _fail(str(exc))


@main.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def rules_command(fmt: str) -> None:
    """List every rule: code, name, default severity, what it reports."""
    from ..rules.catalogue import catalogue_markdown, rule_list

    registry = _registry()
    if fmt == "markdown":
        click.echo(catalogue_markdown(registry), nl=False)
    elif fmt == "json":
        rows: list[dict[str, Any]] = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "summary": r.summary,
                "origin": r.origin,
            }
            for r in registry
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(rule_list(registry), nl=False)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule (by code or name): what it checks, why, an example, how to fix."""
    from ..rules.catalogue import rule_text

    registry = _registry()
    found = registry.get(code)
    if found is None:
        raise click.BadParameter(f"no rule {code!r} (see `policykit rules`)", param_hint="CODE")
    click.echo(rule_text(found), nl=False)


__all__ = ["check_command", "rule_command", "rules_command"]
