"""Files -> findings: discovery, configuration, the rules, parallel runs, baselines.

:func:`check` is the Python API behind ``policykit check``::

    >>> report = policykit.check(["policies/"], as_of="2026-11-22")
    >>> report.to_dict()["documents"][0]["findings"]

One bad document never stops a run: a document that cannot be read gets an
``error`` (PK001-PK004), an unexpected exception gets PK000, and the run goes
on. Results come back in discovery order whatever ``jobs`` is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Protocol

from . import cache as result_cache
from .baseline import read_baseline
from .config import (
    ConfigFinder,
    Effective,
    Overrides,
    Settings,
    load_config_file,
    parse_as_of,
    parse_settings,
    path_ignored,
    resolve,
)
from .errors import ConfigError, DocumentError, KindError
from .kinds import available_kinds, register_kinds_dir
from .model import PolicyDate
from .records import (
    DEFAULT_FAIL_ON,
    NOT_CHECKED,
    CheckReport,
    DocumentReport,
    ErrorRecord,
    Finding,
    Severity,
    Tally,
    display_path,
)
from .rules.base import Hit, Rule, RuleContext, RuleOptions
from .rules.registry import Registry, default_registry
from .trust import TrustBuilder, TrustSettings, TrustView

if TYPE_CHECKING:
    from .recognise.result import ParseResult, SourceParagraph

__all__ = [
    "CheckOptions",
    "CheckReport",  # the records live in policykit.records; here for existing imports
    "DocumentReport",
    "ErrorRecord",
    "ReportSink",
    "Tally",
    "check",
    "discover",
    "run_check",
]

WORD_SUFFIXES: Final = frozenset({".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot"})
# Policy-like files policykit does not read: listed all the same (PK006 not-checked), with
# what to do. Spreadsheets, pictures and other files are not policies and stay out.
NOT_READ: Final = MappingProxyType(
    {
        ".pdf": (
            "a PDF is not checked (policykit reads Word and OpenDocument files): check the Word "
            "original instead, or, if there is none, open the PDF in Word (File > Open) and "
            "save it as .docx"
        ),
        ".rtf": (
            "an RTF file is not checked (policykit reads Word and OpenDocument files): open it "
            "in Word or LibreOffice and save it as .docx"
        ),
    }
)
# Every file a checked folder is searched for: Word, OpenDocument text, and those above.
POLICY_SUFFIXES: Final = WORD_SUFFIXES | {".odt"} | NOT_READ.keys()
PARALLEL_MIN_FILES: Final = 4  # fewer documents are checked in-process: a pool costs more

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------- discovery


def is_candidate(name: str) -> bool:
    """A file name found in a folder that is checked: a policy-like file, not a lock file.

    Policy-like by extension, in any case: Word (``.docx``, ``.docm``, ``.dotx``,
    ``.doc`` ...), OpenDocument text (``.odt``), and ``.pdf`` and ``.rtf``, which are
    listed as not checked (PK006). ``.doc`` files are included (reported as legacy,
    PK002). Skipped: ``~$x.docx``, Word's lock file while someone has the document
    open (a few bytes naming the user, never a policy; LibreOffice's
    ``.~lock.x.odt#`` has no policy extension at all), and ``._x.docx``, a macOS
    resource fork.
    """
    if name.startswith(("~$", "._")):
        return False
    return os.path.splitext(name)[1].lower() in POLICY_SUFFIXES


def not_read_reason(path: str) -> str | None:
    """What to do with a policy-like file policykit does not read (PK006), or None."""
    return NOT_READ.get(os.path.splitext(path)[1].lower())


class UnlistedFolder(str):
    """A folder that discovery could not list, in the list of documents where it stood.

    It is a path like the others (a ``str``) carrying the reason; checking reports
    it as unreadable (PK001) instead of reading it, so a folder the run could not
    see into never goes unnoticed.
    """

    reason: str

    def __new__(cls, path: str, reason: str) -> UnlistedFolder:
        folder = super().__new__(cls, path)
        folder.reason = reason
        return folder

    def __reduce__(self) -> tuple[type[UnlistedFolder], tuple[str, str]]:
        return (UnlistedFolder, (str(self), self.reason))


def discover(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Documents under ``paths`` in a stable order, each once.

    Files named explicitly are always checked. Folders are walked recursively in
    name order, following symlinked folders but never one folder twice (no
    loops); a document reachable twice (through a link) is listed once, and a
    broken link named like a document is listed (to be reported unreadable). A
    folder that cannot be listed (permission denied, a share gone away) is in
    the list as an :class:`UnlistedFolder`, to be reported unreadable too. A
    path that does not exist raises ConfigError (a usage error).
    """
    found: list[str] = []
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            found.append(path)  # reported as unreadable by the reader
            return
        key = (st.st_dev, st.st_ino)
        if key not in seen_files:
            seen_files.add(key)
            found.append(path)

    def enter(folder: str) -> Iterator[os.DirEntry[str]] | None:
        """The folder's entries in name order, or None when it was seen or cannot be read."""
        try:
            st = os.stat(folder)
        except OSError:
            return None
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            return None
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as scan:
                return iter(sorted(scan, key=lambda e: e.name))
        except OSError as exc:
            found.append(UnlistedFolder(folder, (exc.strerror or str(exc)).lower()))
            return None

    def walk(top: str) -> None:
        # Depth first in name order, with a stack rather than recursion: a tree a
        # thousand folders deep is legal and must not hit Python's recursion limit.
        stack = [entries] if (entries := enter(top)) is not None else []
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link in a loop: not a folder; reported if named as a document
                is_dir = False
            if is_dir:
                if (entries := enter(entry.path)) is not None:
                    stack.append(entries)
            elif is_candidate(entry.name) and _is_file(entry):
                add(entry.path)

    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            walk(path)
        elif os.path.lexists(path):
            add(path)
        else:
            raise ConfigError(f"{path}: no such file or folder")
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file (through links), or a link that leads nowhere (dangling, or a loop).

    A broken link named like a document is reported as unreadable rather than
    skipped in silence; pipes, sockets and devices are not documents.
    """
    try:
        if entry.is_file():
            return True
    except OSError:
        pass
    try:
        return entry.is_symlink() and not os.path.exists(entry.path)
    except OSError:
        return False


CONFIG_NAMES: Final = ("policykit.toml", "pyproject.toml")


def output_conflict(
    output: str,
    paths: Iterable[str | os.PathLike[str]],
    documents: Iterable[str],
    reads: Iterable[str] = (),
) -> str | None:
    """Why writing ``output`` would destroy something this run reads, or None.

    Refused: a document being checked (by any name or link), a file named like a
    document inside a checked folder (the next check would read the report as a
    policy), a configuration file in or above a checked folder, and any other
    file the run reads (``reads``: the baseline, the configuration given).
    """
    if output == "-":
        return None
    real = os.path.realpath(output)
    missing = False  # no file is there: only a path naming no file either can be it
    try:
        st: os.stat_result | None = os.stat(output)
    except FileNotFoundError:
        st, missing = None, True
    except OSError:
        st = None

    def same(path: str) -> bool:
        if st is not None:
            try:
                other = os.stat(path)
            except OSError:
                return False
            return (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)
        if missing and os.path.exists(path):  # one stat, not one per folder of the path
            return False
        return os.path.realpath(path) == real

    for path in documents:
        if same(path):
            return f"it is {display_path(path)}, a document being checked"
    for path in reads:
        if same(path):
            return f"it is {display_path(path)}, which this run reads"
    name = os.path.basename(real)
    for raw in paths:
        top = os.path.realpath(os.fspath(raw))
        if not os.path.isdir(top):
            continue
        inside = os.path.commonpath([top, real]) == top
        if inside and is_candidate(name):
            return (
                f"it is named like a policy document inside {display_path(os.fspath(raw))}, "
                "a folder being checked (the next check would read the report as a policy)"
            )
        above = os.path.commonpath([os.path.dirname(real), top]) == os.path.dirname(real)
        if name in CONFIG_NAMES and (inside or above):
            return f"it is the configuration file {name} for the folder being checked"
    return None


# --------------------------------------------------------------------------- one document


@dataclass(frozen=True, slots=True)
class Task:
    """Everything a worker needs to check one document (picklable)."""

    path: str
    options: RuleOptions
    enabled: frozenset[str]
    severity: tuple[tuple[str, Severity], ...] = ()
    cache: result_cache.CacheSpot | None = None  # where results are kept between runs
    unlisted: str | None = None  # a folder discovery could not list: why
    models: tuple[tuple[str, str], ...] = ()  # kind -> the trust's model policy (PK503)
    kind: str | None = None  # the kind configuration gives the document ([tool.policykit.kinds])
    kinds_dir: str | None = None  # the trust's own kind files, registered before parsing


def check_document(task: Task, registry: Registry) -> DocumentReport:
    """Parse and check one document. Never raises (except KeyboardInterrupt and the like).

    With a cache spot, the document's bytes are read once: a kept result for
    them is returned as it is, else they are parsed from memory and the result
    kept (so a file changed meanwhile can never be kept under the old bytes).
    """
    if task.unlisted is not None:
        return _unlisted(task)
    reason = not_read_reason(task.path)
    if reason is not None:
        return _not_checked(task, reason)
    if task.cache is not None:
        data = result_cache.read_source(task.path)
        if data is not None:
            entry = result_cache.entry_path(task.cache, data, task.path)
            kept = result_cache.load(entry, display_path(task.path))
            if kept is not None:
                return kept
            report = _check_source(task, registry, io.BytesIO(data))
            result_cache.store(entry, report)
            return report
    return _check_source(task, registry, task.path)


def _check_source(task: Task, registry: Registry, source: str | io.BytesIO) -> DocumentReport:
    from .parsing import parse_document  # here: a run served from the cache never reads

    report = DocumentReport(path=display_path(task.path))
    try:
        if task.kinds_dir is not None:
            register_kinds_dir(task.kinds_dir)
        result = parse_document(source, task.kind)
    except DocumentError as exc:
        report.error = _error(exc.code, exc.message, task, _severities(task.severity))
        report.status = "unreadable"
        return report
    except Exception as exc:  # a bug: PK000, and the run goes on
        report.error = _error("PK000", _bug(exc), task, _severities(task.severity))
        report.status = "unreadable"
        return report
    policy = result.policy
    report.kind = policy.kind
    report.title, report.school = policy.title, policy.school
    report.approved, report.review_due = policy.approved, policy.review_due
    report.status = review_status(policy.review_due, task.options)
    ctx = RuleContext(result, task.options, task.path)
    report.priority = ctx.kind.priority if ctx.kind is not None else None
    findings = run_rules(ctx, task, registry)
    drift, report.model_diff = _drift(result, task)
    if drift:
        findings = sorted([*findings, *drift], key=_order)
    report.findings = _suppressed(result, findings, task)
    report.people = dict(policy.people)
    located = {f.paragraph for f in report.findings if f.paragraph is not None}
    if located:
        report.places = _places(result.paragraphs, located)
    return report


def _drift(result: ParseResult, task: Task) -> tuple[list[Finding], list[dict[str, Any]]]:
    """PK503: the document against its kind's model policy, when one is configured, and
    the sections that differ from it."""
    model = dict(task.models).get(result.policy.kind)
    if model is None or "PK503" not in task.enabled:
        return [], []
    from .compare import drift_findings

    severity = _severities(task.severity).get("PK503", "warning")
    return drift_findings(model, result, task.path, severity)


def _suppressed(result: ParseResult, findings: list[Finding], task: Task) -> list[Finding]:
    """The findings less those the document's ``policykit: ignore`` comments silence."""
    if not result.comments:
        return findings
    from .suppression import apply_suppressions

    severities = _severities(task.severity)
    return apply_suppressions(
        result, findings, task.enabled, lambda code, default: severities.get(code, default)
    )


PLACE_WORDS: Final = 8


def _places(
    paragraphs: Sequence[SourceParagraph], wanted: set[int]
) -> dict[int, tuple[str | None, str]]:
    """Paragraph -> (its section's heading, its first words): a place a Word user can find."""
    found: dict[int, tuple[str | None, str]] = {}
    for p in paragraphs:
        if p.index in wanted and p.note is None:
            words = p.text.split()
            opening = " ".join(words[:PLACE_WORDS]) + (" …" if len(words) > PLACE_WORDS else "")
            found[p.index] = (p.heading, opening)
    return found


def check_kind_settings(settings: Settings) -> None:
    """Register a configuration's own kinds and check the kinds it names (ConfigError if bad)."""
    try:
        if settings.kinds_dir is not None:
            register_kinds_dir(settings.kinds_dir)
        known = set(available_kinds())
    except KindError as exc:
        raise ConfigError(f"{settings.where('kinds_dir')}: {exc}") from exc
    for pattern, kind_id in settings.kinds:
        if kind_id not in known:
            raise ConfigError(
                f"{settings.where('kinds')}.{pattern!r}: unknown kind {kind_id!r} "
                "(see `policykit kinds`)"
            )


def _unlisted(task: Task) -> DocumentReport:
    message = (
        f"this folder cannot be read ({task.unlisted}), so the documents in it were not "
        "checked; ask for read access to it, or check a copy"
    )
    report = DocumentReport(path=display_path(task.path), status="unreadable")
    report.error = _error("PK001", message, task, _severities(task.severity))
    return report


def _not_checked(task: Task, reason: str) -> DocumentReport:
    """PK006: listed with what to do, never read, and never failing the run by itself."""
    from .rules.documents import NOT_CHECKED as PK006

    severity = _severities(task.severity).get(PK006.code, PK006.severity)
    report = DocumentReport(path=display_path(task.path), status=NOT_CHECKED)
    report.error = ErrorRecord(PK006.code, reason, severity, counts=False)
    return report


def run_rules(ctx: RuleContext, task: Task, registry: Registry) -> list[Finding]:
    """Every enabled rule on one parsed document; a failing rule becomes a PK000 finding."""
    severities = _severities(task.severity)
    raised = ctx.kind.severity if ctx.kind is not None else _NO_SEVERITIES
    enabled = task.enabled
    findings: list[Finding] = []
    for rule in registry.checking_rules():
        if rule.code not in enabled or rule.check is None:
            continue
        try:
            hits: list[Hit] = list(rule.check(ctx))
        except Exception as exc:
            if "PK000" in task.enabled:
                findings.append(
                    Finding(
                        "PK000",
                        "internal-error",
                        severities.get("PK000", "error"),
                        f"rule {rule.code} {rule.name} failed: {_bug(exc)}",
                        key=f"crash:{rule.code}",
                    )
                )
            continue
        if hits:
            findings.extend(_finding(rule, hit, severities, raised) for hit in hits)
    # Document-wide findings first, then in document order; rule order breaks ties.
    findings.sort(key=_order)
    return findings


def _order(finding: Finding) -> tuple[bool, int, str]:
    """Document-wide findings first, then in document order; the code breaks ties."""
    return (finding.paragraph is not None, finding.paragraph or 0, finding.code)


@functools.lru_cache(maxsize=64)
def _severities(configured: tuple[tuple[str, Severity], ...]) -> Mapping[str, Severity]:
    """A task's configured severities by code (one mapping per configuration, read only)."""
    return MappingProxyType(dict(configured))


_NO_SEVERITIES: Mapping[str, Severity] = MappingProxyType({})


def _finding(
    rule: Rule,
    hit: Hit,
    severities: Mapping[str, Severity],
    raised: Mapping[str, Severity] = _NO_SEVERITIES,
) -> Finding:
    """The hit as a finding. Its severity: the configuration's, else the hit's own (an
    unsourced item is information only), else the kind's for this rule, else the rule's."""
    severity = severities.get(rule.code) or hit.severity or raised.get(rule.code) or rule.severity
    message = " ".join(hit.message.split())  # one line, whatever the document held
    return Finding(
        rule.code, rule.name, severity, message, hit.section, hit.paragraph, key=hit.key or message
    )


def _error(code: str, message: str, task: Task, severities: Mapping[str, Severity]) -> ErrorRecord:
    return ErrorRecord(code, message, severities.get(code, "error"), code in task.enabled)


def _bug(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc} (a bug in policykit or a plugin; please report it)"


def review_status(due: PolicyDate | None, options: RuleOptions) -> str:
    """``lapsed``, ``due-soon``, ``current`` or ``no-review-date`` (the register's column)."""
    if due is None:
        return "no-review-date"
    if due.end < options.as_of:
        return "lapsed"
    if (due.start - options.as_of).days <= options.due_soon_days:
        return "due-soon"
    return "current"


# --------------------------------------------------------------------------- many documents


def _worker_init() -> None:
    import signal

    # Ctrl-C reaches every process of the terminal's group: the parent alone decides
    # what to do (it stops the workers). SIGTERM ends a worker quietly, as by default.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    default_registry()  # plugins load once per worker, not once per document


def _check_in_worker(task: Task) -> DocumentReport:
    return check_document(task, default_registry())


def run_tasks(
    tasks: Sequence[Task],
    registry: Registry,
    jobs: int = 1,
    progress: Progress | None = None,
    each: Callable[[DocumentReport], None] | None = None,
    keep: bool = True,
) -> list[DocumentReport]:
    """Check every task, in order. ``jobs`` > 1 uses a process pool (default registry only).

    ``each`` is called with every report as it arrives, in order (while later
    documents are still being checked by the workers). Without ``keep`` the
    reports are only handed to ``each`` and the list returned is empty.
    """
    total = len(tasks)
    results: list[DocumentReport] = []
    count = 0

    def done(report: DocumentReport) -> None:
        nonlocal count
        if each is not None:
            each(report)
        if keep:
            results.append(report)
        count += 1
        if progress is not None:
            progress(count, total)

    parallel = jobs > 1 and total >= PARALLEL_MIN_FILES and registry is default_registry()
    if not parallel:
        # What exists now (modules, kinds, rules) lives for the whole run: frozen, the
        # garbage collector's full passes do not walk it again and again.
        with _gc_frozen():
            for task in tasks:
                done(check_document(task, registry))
        return results
    for report in _pooled(tasks, min(jobs, total)):
        done(report)
    return results


def _pooled(tasks: Sequence[Task], workers: int) -> Iterator[DocumentReport]:
    """Results in task order from a pool; a worker that dies costs only its document."""
    from concurrent.futures import ProcessPoolExecutor  # not at import: a one-file run
    from concurrent.futures.process import BrokenProcessPool  # starts faster without it

    # Forked workers share this process's objects until they write to them; the garbage
    # collector of a worker would write to every one (and copy its page). Frozen, they
    # are left alone: fewer page copies and a few percent less CPU in the workers.
    with _gc_frozen():
        start = 0
        while start < len(tasks):
            remaining = tasks[start:]
            chunk = max(1, min(16, len(remaining) // (workers * 8)))
            try:
                with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
                    try:
                        for report in pool.map(_check_in_worker, remaining, chunksize=chunk):
                            start += 1
                            yield report
                    except BaseException:
                        # Interrupted, or the consumer stopped: end the workers now rather
                        # than wait for their queued documents (and never leave them behind).
                        _stop_workers(pool)
                        raise
            except BrokenProcessPool:
                # The process checking tasks[start] (or one in its chunk) died. Check it
                # alone; if that dies too, it is the culprit: PK000, and carry on after it.
                yield _isolated(tasks[start])
                start += 1


def _stop_workers(pool: Any) -> None:
    """Terminate a pool's worker processes and forget its queued work.

    Every child process this one started is ended, not only those the pool had
    listed: one being started at the moment of the signal is not listed yet.
    """
    import multiprocessing

    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in [*processes, *multiprocessing.active_children()]:
        with contextlib.suppress(Exception):
            process.terminate()
            process.join(5)


# The youngest generation is collected after this many more container objects were made
# than freed (Python's default is 700). Reading a document makes and frees tens of
# thousands; the few that form cycles wait a little longer to be collected.
CHECK_GC_THRESHOLD: Final = 10_000


@contextmanager
def _gc_frozen() -> Iterator[None]:
    """Objects that exist now are left out of garbage collection until the block ends,
    and the youngest objects are collected less often (:data:`CHECK_GC_THRESHOLD`).

    Unless the host application froze objects itself: then its freeze is left as
    it is (unfreezing at the end would undo it). A host's own threshold, when higher,
    is kept; the thresholds are as they were when the block ends.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], CHECK_GC_THRESHOLD), *thresholds[1:])
    try:
        if gc.get_freeze_count():
            yield
            return
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
    finally:
        gc.set_threshold(*thresholds)


def _isolated(task: Task) -> DocumentReport:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_init) as pool:
            return pool.submit(_check_in_worker, task).result()
    except BrokenProcessPool:
        return DocumentReport(
            path=display_path(task.path),
            error=ErrorRecord(
                "PK000",
                "the process checking this document crashed (a bug in policykit or a library; "
                "please report it)",
                dict(task.severity).get("PK000", "error"),
                "PK000" in task.enabled,
            ),
            status="unreadable",
        )


# --------------------------------------------------------------------------- the API


ConfigArg = str | os.PathLike[str] | Mapping[str, Any] | None


def check(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    config: ConfigArg = None,
    *,
    as_of: dt.date | str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: Severity | None = None,
    due_soon_days: int | None = None,
    baseline: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    registry: Registry | None = None,
    progress: Progress | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> CheckReport:
    """Check Word policies: the records ``policykit check --format json`` shows.

    ``paths``: files and folders (folders are searched recursively).
    ``config``: None to find ``[tool.policykit]`` / ``policykit.toml`` upward from
    each document; a path to one configuration file for all; or a mapping of
    ``[tool.policykit]`` keys. Keyword arguments override the configuration, as
    the command-line options do (a mapping's ``per-path-ignores`` globs are relative
    to the working folder). ``jobs`` > 1 checks in worker processes, which use the
    default registry (built-in rules and installed plugins); with a ``registry`` of
    your own the run stays in this process. ``cache_dir``: keep results there and
    reuse them while a document's bytes, policykit and the configuration are
    unchanged (see :mod:`policykit.cache`; not with a ``registry`` of your own).
    Raises ConfigError for bad configuration or a path that does not exist.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(as_of, str):
        try:
            as_of = parse_as_of(as_of)
        except ValueError:
            raise ConfigError(f"as_of: {as_of!r} is not a date (e.g. 2026-11-22)") from None
    overrides = Overrides(
        select=None if select is None else tuple(select),
        ignore=tuple(ignore),
        due_soon_days=due_soon_days,
        fail_on=fail_on,
        as_of=as_of,
    )
    options = CheckOptions(
        overrides,
        config,
        baseline,
        jobs=jobs,
        registry=registry,
        progress=progress,
        cache_dir=cache_dir,
    )
    return run_check(list(paths), options)


class ReportSink(Protocol):
    """Where a run's documents go as they are checked: a report being written, a baseline.

    :class:`policykit.reports.ReportStream` (a streamed format) is one, and so are
    :func:`policykit.reports.report_sink` and :class:`policykit.baseline.BaselineWriter`.
    """

    def start(self, as_of: dt.date) -> None:
        """Before the first document."""

    def add(self, document: DocumentReport) -> None:
        """Each document's final report (baseline applied), in discovery order."""

    def finish(self, report: CheckReport) -> None:
        """After the last document (``report.documents`` is empty without ``keep_documents``)."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything a run takes besides its paths and sinks: what ``policykit check``'s options say.

    ``overrides``: settings over the configuration's (``--select``, ``--as-of`` ...).
    ``config``: None to find the configuration upward from each document, a file
    for all, or a mapping of ``[tool.policykit]`` keys. ``baseline``: hide the
    findings recorded there. ``jobs`` > 1: worker processes (default registry
    only). ``registry``: rules and formats (default: built-ins and plugins).
    ``progress``: called with (done, total). ``cache_dir``: keep and reuse
    results there. Without ``keep_documents`` the returned report holds no
    documents, only the summary's counts: the sinks had them, and memory stays
    flat however many documents are checked.
    """

    overrides: Overrides = field(default_factory=Overrides)
    config: ConfigArg = None
    baseline: str | os.PathLike[str] | None = None
    jobs: int = 1
    registry: Registry | None = None
    progress: Progress | None = None
    cache_dir: str | os.PathLike[str] | None = None
    keep_documents: bool = True


def run_check(
    paths: Sequence[str | os.PathLike[str]],
    options: CheckOptions | None = None,
    sinks: Sequence[ReportSink] = (),
    *,
    discovered: list[str] | None = None,
) -> CheckReport:
    """Check the documents under ``paths``: the one engine behind :func:`check` and the CLI.

    Each sink gets the run's as-of date, then every document's final report as
    soon as it is ready (in discovery order, while later documents are still
    being checked), then the whole report. ``discovered``: the documents, when
    the caller has already run :func:`discover` on ``paths``. Raises ConfigError
    for bad configuration or a path that does not exist.
    """
    options = options or CheckOptions()
    registry = options.registry or default_registry()
    overrides = options.overrides
    hidden = None if options.baseline is None else read_baseline(options.baseline)
    kept = _open_cache(options.cache_dir, registry)
    files = discover(paths) if discovered is None else discovered
    settings_for = _settings_source(options.config)
    run_settings = settings_for(os.fspath(paths[0]) if paths else ".")
    as_of = overrides.as_of or run_settings.as_of or dt.date.today()
    fail_on = overrides.fail_on or run_settings.fail_on or DEFAULT_FAIL_ON
    resolved: dict[Settings, tuple[Effective, RuleOptions]] = {}
    tasks = _tasks(files, settings_for, overrides, registry, as_of, kept, resolved)
    keep = options.keep_documents
    tally = None if keep else Tally(fail_on)
    trust = TrustBuilder(paths, run_settings.trust or TrustSettings())

    def arrived(report: DocumentReport) -> None:
        if hidden is not None:
            report.findings, report.baselined = hidden.split(report.path, report.findings)
        for sink in sinks:
            sink.add(report)
        if tally is not None:
            tally.add(report)

    def gathered(report: DocumentReport) -> None:
        trust.add(report)
        arrived(report)

    for sink in sinks:
        sink.start(as_of)
    reports = run_tasks(tasks, registry, options.jobs, options.progress, gathered, keep=keep)
    if kept is not None:
        kept.finish()
    view = trust.finish()
    for pattern in view.unmatched_exclude:
        warnings.warn(
            f"[tool.policykit.trust] exclude: the pattern {pattern!r} matches no folder",
            RuntimeWarning,
            stacklevel=2,
        )
    for record in _school_records(view, settings_for, overrides, registry, resolved):
        arrived(record)
        if keep:
            reports.append(record)
    report = CheckReport(as_of, reports, fail_on, tally, view)
    for sink in sinks:
        sink.finish(report)
    return report


def _tasks(
    files: list[str],
    settings_for: Callable[[str], Settings],
    overrides: Overrides,
    registry: Registry,
    as_of: dt.date,
    kept: result_cache.ResultCache | None,
    resolved: dict[Settings, tuple[Effective, RuleOptions]],
) -> list[Task]:
    """One task per document, with its settings resolved (once per configuration)."""
    last: tuple[Settings, Effective, RuleOptions] | None = None  # most files share settings
    tasks: list[Task] = []
    for path in files:
        settings = settings_for(path)
        if last is not None and last[0] is settings:
            effective, options = last[1], last[2]
        else:
            if settings not in resolved:
                check_kind_settings(settings)
                effective = resolve(settings, overrides, registry)
                options = RuleOptions(as_of=as_of, due_soon_days=effective.due_soon_days)
                resolved[settings] = effective, options
            effective, options = resolved[settings]
            last = settings, effective, options
        ignored = path_ignored(settings, path, registry)
        enabled = effective.enabled - ignored if ignored else effective.enabled
        if isinstance(path, UnlistedFolder):
            tasks.append(Task(str(path), options, enabled, effective.severity, None, path.reason))
            continue
        kind = settings.kind_for(path) if settings.kinds else None
        configured = kind is not None or settings.kinds_dir is not None
        # a kind set by configuration, or a model policy to compare with, is not part of the
        # cache's key: such documents are read afresh
        spot = (
            None
            if kept is None or configured or settings.models
            else kept.spot(options, enabled, effective.severity)
        )
        tasks.append(
            Task(
                path,
                options,
                enabled,
                effective.severity,
                spot,
                None,
                models=settings.models,
                kind=kind,
                kinds_dir=settings.kinds_dir,
            )
        )
    return tasks


def _school_records(
    view: TrustView,
    settings_for: Callable[[str], Settings],
    overrides: Overrides,
    registry: Registry,
    resolved: dict[Settings, tuple[Effective, RuleOptions]],
) -> Iterator[DocumentReport]:
    """A record on each school's folder holding its PK501/PK502 findings (if any)."""
    from .rules.schools import school_hits

    for school in view.schools:
        settings = settings_for(os.path.join(school.folder, "."))
        effective = resolved[settings][0] if settings in resolved else None
        if effective is None:
            effective = resolve(settings, overrides, registry)
        enabled = effective.enabled - path_ignored(settings, school.folder, registry)
        severities = _severities(effective.severity)
        findings = [
            _finding(rule, hit, severities)
            for rule, hit in school_hits(school)
            if rule.code in enabled
        ]
        if findings:
            yield DocumentReport(
                path=display_path(school.folder),
                school=school.name,
                status="school",
                findings=findings,
            )


def _open_cache(
    cache_dir: str | os.PathLike[str] | None, registry: Registry
) -> result_cache.ResultCache | None:
    """The run's cache, or None: none asked for, rules of a private registry, or unusable."""
    if cache_dir is None or registry is not default_registry():
        return None
    try:
        return result_cache.ResultCache(cache_dir, registry)
    except OSError as exc:
        warnings.warn(
            f"the cache folder {os.fspath(cache_dir)} cannot be used "
            f"({exc.strerror or exc}); checking without it",
            RuntimeWarning,
            stacklevel=3,
        )
        return None


def _settings_source(config: ConfigArg) -> Callable[[str], Settings]:
    if config is None:
        return ConfigFinder().for_path
    if isinstance(config, Mapping):
        fixed = parse_settings(config, "configuration", os.getcwd())
    else:
        loaded = load_config_file(config)
        if loaded is None:
            raise ConfigError(f"{os.fspath(config)}: has no [tool.policykit] table")
        fixed = loaded
    return lambda _path: fixed
