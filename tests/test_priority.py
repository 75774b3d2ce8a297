"""Severity by stakes: the kind's priority orders reports; its data may raise a severity.

A lapsed child protection policy (priority 1) comes before a lapsed uniform
policy (priority 4) in the SARIF results and the dashboard's lapsed list,
and every document record carries its kind's priority. Priority alone
changes no severity; a kind file's ``severity`` does (child protection makes
PK208 an error, since KCSIE requires at least an annual review).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policykit import check
from policykit.checking import CheckReport
from policykit.dates import make_date
from policykit.kinds import get_kind
from policykit.model import Paragraph, Policy, Section
from policykit.registry import Registry
from policykit.render.api import render
from policykit.reports import ReportOptions
from policykit.reports import render as render_report
from policykit.reports.html import context

AS_OF = "2026-11-22"


def _policy(kind: str, title: str, approved: dt.date, due: dt.date, cycle: int = 12) -> Policy:
    return Policy(
        kind=kind,
        title=title,
        school="Juniper Vale Academy",
        approved=make_date(approved, "day"),
        review_due=make_date(due, "day"),
        review_cycle_months=cycle,
        sections=[
            Section(
                heading="Purpose",
                level=1,
                blocks=[Paragraph(text="Who does what, and when, in this part of school life.")],
            )
        ],
    )


def _child_protection(approved: dt.date, due: dt.date, cycle: int = 12) -> Policy:
    return _policy("child-protection", "Child Protection Policy", approved, due, cycle)


@pytest.fixture(scope="module")
def lapsed_pair(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    folder = tmp_path_factory.mktemp("stakes")
    # named so that the uniform policy is found first
    render(
        _policy("uniform", "Uniform Policy", dt.date(2023, 9, 1), dt.date(2024, 9, 1)),
        folder / "a uniform.docx",
    )
    render(
        _child_protection(dt.date(2024, 9, 1), dt.date(2025, 9, 1)), folder / "b safeguarding.docx"
    )
    return check(folder, config={}, as_of=AS_OF)


def test_each_document_record_carries_its_kinds_priority(lapsed_pair: CheckReport) -> None:
    records = {Path(d["path"]).stem: d for d in lapsed_pair.to_dict()["documents"]}
    assert records["b safeguarding"]["priority"] == get_kind("child-protection").priority == 1
    assert records["a uniform"]["priority"] == get_kind("uniform").priority > 1


def test_sarif_puts_the_high_stakes_lapse_first_and_ranks_it_higher(
    lapsed_pair: CheckReport,
) -> None:
    options = ReportOptions(registry=Registry.with_builtins())
    sarif = json.loads(render_report("sarif", lapsed_pair, options))
    lapses = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "PK201"]
    paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in lapses]
    assert "safeguarding" in paths[0] and "uniform" in paths[1]
    assert lapses[0]["rank"] > lapses[1]["rank"]


def test_the_dashboard_lists_the_high_stakes_lapse_first(lapsed_pair: CheckReport) -> None:
    [lapsed, *_] = context(lapsed_pair)["due"]
    titles = [row.title for row in lapsed.rows]
    # the uniform policy lapsed a year earlier, yet child protection comes first
    assert titles == ["Child Protection Policy", "Uniform Policy"]


def test_a_kind_file_raises_a_rules_severity_for_its_documents(tmp_path: Path) -> None:
    for kind, title in (("child-protection", "Child Protection Policy"), ("rse", "RSE Policy")):
        path = tmp_path / f"{kind}.docx"
        render(_policy(kind, title, dt.date(2026, 9, 1), dt.date(2028, 9, 1), 24), path)
    report = check(tmp_path, config={}, as_of=AS_OF, select=["PK208"])
    by_kind = {d.kind: [f.severity for f in d.findings] for d in report.documents}
    assert by_kind["child-protection"] == ["error"]  # the kind's law: at least annually
    assert by_kind["rse"] == []  # no required maximum: never reported


def test_configuration_still_wins_over_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "cp.docx"
    render(_child_protection(dt.date(2026, 9, 1), dt.date(2028, 9, 1), 24), path)
    report = check(path, config={"severity": {"PK208": "warning"}}, as_of=AS_OF, select=["PK208"])
    assert [f.severity for f in report.documents[0].findings] == ["warning"]
