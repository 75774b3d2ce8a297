"""``check --format summary``: a few plain sentences a school, on one screen for a trust."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.reports.register import next_term

from .trustshare import AS_OF, DUPLICATE, MISSING, SCHOOLS, UNREADABLE, make_share, stub_kinds


def run(root: Path, fmt: str) -> str:
    result = CliRunner().invoke(
        main,
        [
            *("check", str(root), "--format", fmt),
            *("--as-of", AS_OF.isoformat(), "--jobs", "1", "--no-cache"),
        ],
    )
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture(scope="module")
def share(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with stub_kinds(tmp_path_factory.mktemp("kinds")):
        yield make_share(tmp_path_factory.mktemp("share") / "Trust").root


@pytest.fixture(scope="module")
def text(share: Path) -> str:
    return run(share, "summary")


def paragraphs(text: str) -> dict[str, str]:
    found = {}
    for block in text.split("\n\n")[1:]:
        name, _, rest = " ".join(block.split()).partition(": ")
        found[name] = rest
    return found


def test_a_six_school_trust_fits_on_one_screen(text: str) -> None:
    lines = text.splitlines()
    assert len(lines) <= 40
    assert all(len(line) <= 88 for line in lines)
    assert list(paragraphs(text)) == SCHOOLS  # one paragraph a school, in order


def test_each_school_says_what_lapsed_is_due_and_is_missing(share: Path, text: str) -> None:
    data = json.loads(run(share, "json"))
    counted = [
        d
        for d in data["documents"]
        if "Archive" not in d["path"] and "2019" not in d["path"] and d["status"] != "school"
    ]
    lapsed = Counter(Path(d["path"]).parent.name for d in counted if d["status"] == "lapsed")
    found = paragraphs(text)
    for school in SCHOOLS:
        said = found[school]
        if lapsed[school]:
            assert said.startswith(f"{lapsed[school]} lapsed (the oldest due by ")
        else:
            assert said.startswith("Nothing has lapsed.")
    head = " ".join(text.split("\n\n")[0].split())
    assert f"; {sum(lapsed.values())} lapsed, " in head
    assert "due by the end of next term (Spring 2027, ends 28 Mar 2027)" in head
    assert "Attendance Policy" in found[MISSING[0]].split("Missing ")[1]
    assert "Two current copies of Behaviour Policy" in found[DUPLICATE[0]]
    assert "Could not be read: Complaints Procedure.docx." in found[UNREADABLE[0]]
    for school in SCHOOLS:
        due = re.search(r"(\d+) due by 28 Mar 2027: ", found[school])
        assert due is not None  # every school of the share has reviews coming


def test_next_term_follows_the_project_term_dates() -> None:
    assert next_term(dt.date(2026, 11, 22)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 3, 28),  # Easter Sunday 2027
        "Spring 2027",
    )
    assert next_term(dt.date(2027, 2, 1))[2] == "Summer 2027"
    assert next_term(dt.date(2027, 6, 30))[:2] == (dt.date(2027, 9, 1), dt.date(2027, 12, 31))


def test_schools_with_nothing_to_do_share_one_sentence() -> None:
    from policykit.dates import parse_date
    from policykit.records import CheckReport, DocumentReport
    from policykit.registry import Registry
    from policykit.reports import ReportOptions, render

    def doc(school: str, due: str, status: str) -> DocumentReport:
        return DocumentReport(
            path=f"{school}.docx",
            kind="community-cohesion",
            title="Community Cohesion Policy",
            school=school,
            review_due=parse_date(due),
            status=status,
        )

    report = CheckReport(
        AS_OF,
        [
            doc("Oak Academy", "Autumn 2028", "current"),
            doc("Elm School", "Summer 2029", "current"),
            doc("Ash Primary", "September 2025", "lapsed"),
        ],
    )
    text = render("summary", report, ReportOptions(Registry.with_builtins()))
    blocks = text.strip().split("\n\n")
    assert blocks[1].startswith("Ash Primary: 1 lapsed (the oldest due by 30 Sep 2025)")
    assert (
        blocks[-1] == "Nothing lapsed, due by 28 Mar 2027 or missing: Elm School and Oak Academy."
    )
    assert len(blocks) == 3
