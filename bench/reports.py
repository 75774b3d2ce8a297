"""What the trust's reports cost beyond the check: ``python -m bench.reports --n 10000``.

Checking 10,000 Word files takes minutes; the reports' own cost does not
depend on reading them. So this makes N synthetic document reports as a check
returns them (schools of 50 policies of the built-in kinds, a spread of
statuses, 0 to 6 findings each placed by a heading and a paragraph's first
words (nearly all different), people named) under a temporary trust folder,
builds the trust's view as the check does, then writes each report format the
trust reads (html, xlsx, csv, ics, summary) in this process and prints its
time (wall and CPU, one core) and size. The issue's target for the dashboard:
under 10 s and 15 MB for 10,000 documents. No figure is asserted (timings
belong here, not in the tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if not __package__:  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from policykit.dates import make_date
from policykit.kinds import available_kinds
from policykit.records import CheckReport, DocumentReport, Finding
from policykit.registry import Registry
from policykit.reports import ReportOptions, render_bytes
from policykit.trust import TrustBuilder, TrustSettings, kind_name

AS_OF = dt.date(2026, 11, 22)
PER_SCHOOL = 50
FINDINGS = [
    ("PK101", "missing-section", "warning", "no 'Aims' section (required for this policy)", "aims"),
    ("PK201", "review-lapsed", "error", "the review due Autumn 2025 has lapsed", None),
    ("PK301", "unsigned-review", "warning", "the review of Autumn 2023 is not signed", None),
    (
        "PK401",
        "outdated-reference",
        "warning",
        "'Keeping Children Safe in Education 2016' is out of date",
        None,
    ),
    ("PK402", "placeholder-text", "warning", "template text left in: '[Insert name]'", None),
    ("PK204", "no-approval-date", "warning", "no approval date", None),
]
FORMATS = ("html", "xlsx", "csv", "ics", "summary")
HEADINGS = (
    "Aims",
    "Roles and responsibilities",
    "Procedures",
    "Monitoring and review",
    "Training",
    "Record keeping",
    "Links with other policies",
    "Definitions",
)
WORDS = [
    "the",
    "school",
    "governing",
    "board",
    "will",
    "staff",
    "pupils",
    "parents",
    "headteacher",
    "ensure",
    "that",
    "all",
    "must",
    "review",
    "record",
    "report",
    "each",
    "term",
    "year",
    "policy",
    "procedure",
    "designated",
    "lead",
    "safeguarding",
    "support",
    "concerns",
    "monitor",
    "training",
    "annual",
    "meeting",
    "written",
    "within",
    "days",
    "where",
    "any",
    "member",
]


def opening(rng: random.Random) -> str:
    """A paragraph's first words (nearly every one differs: the worst case for the page)."""
    return " ".join(rng.choice(WORDS) for _ in range(7)).capitalize() + " …"


def documents(root: Path, n: int, seed: int = 7) -> list[DocumentReport]:
    """N document reports under ``root``: schools of PER_SCHOOL policies each."""
    rng = random.Random(seed)
    kinds = [k for k in available_kinds() if k != "generic"]
    found: list[DocumentReport] = []
    for i in range(n):
        school = f"School {i // PER_SCHOOL + 1:03d}"
        kind = kinds[i % PER_SCHOOL % len(kinds)]
        title = kind_name(kind)
        folder = root / school
        if i % PER_SCHOOL >= len(kinds):  # the rest: older copies in an archive
            folder = folder / "Archive"
        approved = AS_OF - dt.timedelta(days=rng.randrange(30, 900))
        due = approved + dt.timedelta(days=365)
        status = (
            "lapsed" if due < AS_OF else "due-soon" if due < AS_OF + dt.timedelta(60) else "current"
        )
        findings = []
        places: dict[int, tuple[str | None, str]] = {}
        for _ in range(rng.randrange(0, 7)):
            code, name, severity, message, section = rng.choice(FINDINGS)
            paragraph = rng.randrange(1, 80)
            findings.append(Finding(code, name, severity, message, section, paragraph))  # type: ignore[arg-type]
            places[paragraph] = (rng.choice(HEADINGS), opening(rng))
        found.append(
            DocumentReport(
                path=str(folder / f"{title} {i}.docx"),
                kind=kind,
                findings=findings,
                title=title,
                school=school,
                approved=make_date(approved, "day"),
                review_due=make_date(due, "day"),
                status=status,
                places=places,
                people={"approved_by": "Full Governing Board", "link_governor": "Mrs A. Example"},
            )
        )
    return found


def timed(work: Callable[[], object]) -> tuple[object, float, float]:
    """The result, wall seconds and CPU seconds of ``work()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    args = parser.parse_args(argv)
    options = ReportOptions(Registry.with_builtins())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "Trust"
        docs = documents(root, args.n)
        for school in {Path(d.path).parent for d in docs}:
            school.mkdir(parents=True, exist_ok=True)  # schools are found as folders

        def view() -> object:
            builder = TrustBuilder([root], TrustSettings())
            for doc in docs:
                builder.add(doc)
            return builder.finish()

        trust, wall, cpu = timed(view)
        print(f"{args.n:,} documents in {args.n // PER_SCHOOL} schools (as of {AS_OF})")
        print("| step | wall (s) | CPU (s) | size (MB) |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| the trust's view (made during the check) | {wall:.2f} | {cpu:.2f} | |")
        report = CheckReport(AS_OF, docs, trust=trust)
        for fmt in args.formats.split(","):
            data, wall, cpu = timed(functools.partial(render_bytes, fmt, report, options))
            assert isinstance(data, bytes)
            print(f"| `--format {fmt}` | {wall:.2f} | {cpu:.2f} | {len(data) / 1e6:.1f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
