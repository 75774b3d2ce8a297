"""Reports put the highest stakes first: a lapsed child protection policy before a lapsed
uniform policy, whatever order the files are found in (the kind's ``priority``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.dates import make_date
from policykit.model import Paragraph, Policy, Section
from policykit.records import CheckReport, DocumentReport
from policykit.registry import Registry
from policykit.render import render
from policykit.reports import ReportOptions
from policykit.reports import render as render_report
from policykit.reports.text import SHOWN

AS_OF = dt.date(2026, 11, 22)
SCHOOL = "Hazel Bank Primary School"
LAPSED_HEADING = "Review lapsed, highest stakes first:"
DUE_HEADING = "Review due soon, highest stakes first:"

# (file name, kind, title, review due): file names in the opposite order to the stakes
DOCUMENTS = [
    ("A Uniform Policy.docx", "uniform", "School Uniform Policy", dt.date(2024, 3, 1)),
    ("B Lettings Policy.docx", "generic", "Lettings Policy", dt.date(2023, 9, 1)),
    ("C Child Protection.docx", "child-protection", "Child Protection Policy", dt.date(2026, 9, 1)),
    ("D Mobile Phones.docx", "mobile-phones", "Mobile Phone Policy", dt.date(2027, 1, 10)),
    ("E Behaviour Policy.docx", "behaviour", "Behaviour Policy", dt.date(2027, 1, 20)),
]


def _policy(kind: str, title: str, due: dt.date) -> Policy:
    approved = due.replace(year=due.year - 1)
    return Policy(
        kind=kind,
        title=title,
        school=SCHOOL,
        approved=make_date(approved, "day"),
        review_due=make_date(due, "day"),
        review_cycle_months=12,
        sections=[
            Section(
                heading="Purpose",
                level=1,
                blocks=[Paragraph(text=f"How {SCHOOL} meets its duties in this area.")],
            )
        ],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stakes") / SCHOOL
    root.mkdir()
    for name, kind, title, due in DOCUMENTS:
        render(_policy(kind, title, due), root / name)
    return root


def _check(folder: Path, fmt: str, jobs: str = "1") -> str:
    result = CliRunner().invoke(
        main,
        [
            *("check", str(folder), "--format", fmt),
            *("--as-of", AS_OF.isoformat(), "--jobs", jobs, "--no-cache"),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _listed(lines: list[str], heading: str) -> list[str]:
    """The file names a list shows, in its order."""
    start = lines.index(heading) + 1
    names = []
    for line in lines[start:]:
        if not line.startswith("  ") or ".docx:" not in line:
            break
        names.append(Path(line.strip().split(".docx:")[0] + ".docx").name)
    return names


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_text_lists_lapsed_and_due_documents_highest_stakes_first(folder: Path, jobs: str) -> None:
    lines = _check(folder, "text", jobs).splitlines()
    assert _listed(lines, LAPSED_HEADING) == [
        "C Child Protection.docx",  # lapsed most recently, but the highest stakes
        "A Uniform Policy.docx",
        "B Lettings Policy.docx",  # a kind policykit does not know: the lowest stakes
    ]
    assert _listed(lines, DUE_HEADING) == ["E Behaviour Policy.docx", "D Mobile Phones.docx"]
    child, uniform, lettings = lines[lines.index(LAPSED_HEADING) + 1 :][:3]
    assert child.endswith(
        ": Child Protection Policy (Child Protection and Safeguarding Policy); "
        "review was due 1 September 2026"
    ), child
    assert uniform.endswith(": School Uniform Policy; review was due 1 March 2024"), uniform
    assert lettings.endswith(": Lettings Policy; review was due 1 September 2023"), lettings
    # the lists come after every finding and before the unchanged summary line
    assert lines.index(LAPSED_HEADING) < lines.index(DUE_HEADING) == len(lines) - 4
    assert lines[-1].startswith("Checked 5 documents (as of 2026-11-22): ")
    assert lines[-1].endswith("; 3 lapsed, 2 due soon.")
    findings = lines[: lines.index(LAPSED_HEADING)]
    assert findings and all(".docx" in line and " PK" in line for line in findings)


def test_json_documents_carry_their_priority_in_discovery_order(folder: Path) -> None:
    documents = json.loads(_check(folder, "json"))["documents"]
    assert [Path(d["path"]).name for d in documents] == [name for name, *_ in DOCUMENTS]
    priorities = {Path(d["path"]).name: d["priority"] for d in documents}
    assert priorities["C Child Protection.docx"] == 1
    assert priorities["C Child Protection.docx"] < priorities["A Uniform Policy.docx"]
    assert priorities["A Uniform Policy.docx"] < priorities["B Lettings Policy.docx"]


def test_summary_names_the_highest_stakes_first(folder: Path) -> None:
    text = " ".join(_check(folder, "summary").split())
    lapsed = text.split("3 lapsed (the oldest due by 1 Sep 2023): ")[1]
    assert lapsed.startswith("Child Protection Policy, School Uniform Policy and 1 more."), text
    due = text.split("2 due by 28 Mar 2027: ")[1]
    assert "Behaviour Policy (20 Jan) and Mobile Phone Policy (10 Jan)." in due, text


def _report(count: int) -> CheckReport:
    documents = [
        DocumentReport(
            f"school/p{i:02}.docx",
            kind="uniform",
            priority=4 if i else 1,
            title=f"Policy {i:02}",
            review_due=make_date(dt.date(2020, 1, 1) + dt.timedelta(days=i), "day"),
            status="lapsed",
        )
        for i in range(count)
    ]
    return CheckReport(AS_OF, documents[::-1])  # the last found is the most urgent


def test_a_long_list_is_cut_and_says_how_many_more() -> None:
    count = SHOWN + 4
    text = render_report("text", _report(count), ReportOptions(Registry.with_builtins()))
    lines = text.splitlines()
    listed = _listed(lines, LAPSED_HEADING)
    assert listed == [f"p{i:02}.docx" for i in range(SHOWN)]  # priority 1, then oldest first
    assert lines[-2] == "  and 4 more"
    assert lines[-1].endswith(f"; {count} lapsed.")


def test_no_list_when_nothing_lapsed_or_due() -> None:
    report = CheckReport(AS_OF, [DocumentReport("a.docx", status="current")])
    text = render_report("text", report, ReportOptions(Registry.with_builtins()))
    assert text == "Checked 1 document (as of 2026-11-22): no findings.\n"
