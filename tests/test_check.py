"""``policykit check`` end to end: discovery, exit codes, bad files, parallel runs, the API."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

import policykit.checking as engine
import policykit.parsing
from policykit.checking import check, discover, is_candidate
from policykit.cli import main
from policykit.errors import ConfigError
from policykit.registry import Registry
from policykit.rules import Hit, RuleContext, rule

from .conftest import POLICIES, need_shared

AS_OF = "2026-11-22"
SRC = Path(__file__).resolve().parents[1] / "src"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
LINE = re.compile(
    r"^(?P<path>[^:]+)(?::§(?P<section>[a-z_-]+))?(?::¶(?P<para>\d+))?: "
    r"(?P<severity>error|warning|info) (?P<code>PK\d{3}) (?P<name>[a-z-]+): (?P<message>.+)$"
)

GOOD_SECTIONS = (
    ("Rationale", "We value every member of our community and its diversity."),
    ("Aims", "We promote fundamental British values and mutual respect."),
    ("Procedures", "We work with families, faith groups and local partners."),
    ("Review", "This policy will be reviewed every three years."),
)


def write_policy(
    path: Path,
    *,
    school: str = "Oakfield Primary School",
    approved: str | None = "March 2024",
    review: str | None = "March 2027",
    sections: Sequence[tuple[str, str]] = GOOD_SECTIONS,
    extra: Sequence[str] = (),
) -> Path:
    """A small community cohesion policy written with python-docx."""
    document = docx.Document()
    document.add_paragraph(school)
    document.add_paragraph("Community Cohesion Policy", style="Title")
    if approved is not None:
        document.add_paragraph(f"Date approved: {approved}")
    if review is not None:
        document.add_paragraph(f"Review date: {review}")
    for heading, body in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    for text in extra:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def codes_of(document: dict[str, object]) -> list[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


# --------------------------------------------------------------------------- acceptance


@pytest.fixture(scope="module")
def seed_report() -> dict[str, dict[str, object]]:
    need_shared()
    report = check(
        [POLICIES / "wootton-park.docx", POLICIES / "john-clifford.docx"], as_of=AS_OF
    ).to_dict()
    return {Path(d["path"]).stem: d for d in report["documents"]}


def test_wootton_park_lapsed_and_cycle_mismatch(seed_report: dict[str, dict[str, object]]) -> None:
    doc = seed_report["wootton-park"]
    findings = {f["code"]: f for f in doc["findings"]}  # type: ignore[attr-defined]
    assert "September 2019" in findings["PK201"]["message"]
    assert findings["PK201"]["severity"] == "error"
    assert "annually" in findings["PK206"]["message"]
    assert "36 months" in findings["PK206"]["message"]
    assert "PK101" not in findings
    assert doc["error"] is None and doc["status"] == "lapsed"


def test_john_clifford(seed_report: dict[str, dict[str, object]]) -> None:
    doc = seed_report["john-clifford"]
    findings: list[dict[str, str]] = doc["findings"]  # type: ignore[assignment]
    by_code: dict[str, list[dict[str, str]]] = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    assert "Autumn 2021" in by_code["PK201"][0]["message"]
    assert any("Autumn 2017" in f["message"] for f in by_code["PK301"])
    outdated = " ".join(f["message"] for f in by_code["PK401"])
    assert len(by_code["PK401"]) >= 2
    assert "SEF" in outdated
    assert "Ofsted" in outdated and "September 2008" in outdated
    assert sorted(f["section"] for f in by_code["PK101"]) == ["aims", "review"]


def test_check_on_the_two_seeds_exits_1_and_prints_located_lines() -> None:
    need_shared()
    result = run_cli(
        "check",
        str(POLICIES / "wootton-park.docx"),
        str(POLICIES / "john-clifford.docx"),
        "--as-of",
        AS_OF,
        "--jobs",
        "1",
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith("Checked 2 documents (as of 2026-11-22):")
    # every line is a finding up to the list of lapsed reviews, which both seeds are in
    lapsed = lines.index("Review lapsed, highest stakes first:")
    assert [line.split(".docx:")[0].rsplit("/", 1)[-1] for line in lines[lapsed + 1 : -1]] == [
        "wootton-park",  # due 2019: the longer lapsed first (both are the same kind)
        "john-clifford",
    ]
    parsed = [LINE.match(line) for line in lines[:lapsed]]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=False) if not m]
    assert any(
        m and m["code"] == "PK201" and m["path"].endswith("wootton-park.docx") for m in parsed
    )
    assert any(
        m and m["code"] == "PK401" and m["section"] == "rationale" and m["para"] for m in parsed
    )


def test_python_m_policykit_check_exits_1() -> None:
    need_shared()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "policykit",
            "check",
            str(POLICIES),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["as_of"] == AS_OF
    assert {Path(d["path"]).name for d in data["documents"]} >= {
        "wootton-park.docx",
        "john-clifford.docx",
    }


# --------------------------------------------------------------------------- discovery


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    """A trust's shared drive: documents, lock files, other files, links and a loop."""
    root = tmp_path / "trust"
    write_policy(root / "Oakfield" / "Community Cohesion.docx")
    write_policy(
        root / "Oakfield" / "archive" / "Old Cohesion.docx", approved="2010", review="2012"
    )
    write_policy(root / "Riverside" / "cohesion.DOCX", school="Riverside Academy")
    (root / "Oakfield" / "~$mmunity Cohesion.docx").write_bytes(b"\x00" * 162)
    (root / "Oakfield" / "._Community Cohesion.docx").write_bytes(b"\x00\x05\x16\x07")
    (root / "Oakfield" / "minutes.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "Oakfield" / "register.xlsx").write_bytes(b"PK\x03\x04")
    (root / "Oakfield" / "notes.txt").write_text("not a policy", encoding="utf-8")
    (root / "Riverside" / "Behaviour.doc").write_bytes(OLE_MAGIC + b"\x00" * 504)
    (root / "Riverside" / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    if hasattr(os, "symlink"):
        os.symlink(root, root / "Riverside" / "loop")  # a link back up: a loop
        os.symlink(root / "Oakfield", root / "Oakfield link")  # the same folder twice
    return root


def test_discovery_recurses_skips_lock_and_other_files_and_follows_no_loop(trust: Path) -> None:
    found = [Path(p).relative_to(trust).as_posix() for p in discover([trust])]
    assert found == [
        "Oakfield/Community Cohesion.docx",
        "Oakfield/archive/Old Cohesion.docx",
        "Oakfield/minutes.pdf",
        "Riverside/Behaviour.doc",
        "Riverside/broken.docx",
        "Riverside/cohesion.DOCX",
    ]


def test_discovery_lists_a_file_named_twice_once_and_keeps_explicit_files(trust: Path) -> None:
    doc = trust / "Riverside" / "cohesion.DOCX"
    pdf = trust / "Oakfield" / "minutes.pdf"
    assert discover([doc, doc, pdf]) == [str(doc), str(pdf)]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        discover([tmp_path / "nope"])
    result = run_cli("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.parametrize(
    ("name", "checked"),
    [
        ("a.docx", True),
        ("a.DOCX", True),
        ("a.docm", True),
        ("a.doc", True),
        ("~$a.docx", False),
        ("._a.docx", False),
        ("a.pdf", True),
        ("a.PDF", True),
        ("a.rtf", True),
        ("a.odt", True),
        ("a.dotx", True),
        ("~$a.odt", False),
        (".~lock.a.odt#", False),
        ("a.xlsx", False),
        ("a.png", False),
        ("a.txt", False),
        ("a.docx.bak", False),
    ],
)
def test_is_candidate(name: str, checked: bool) -> None:
    assert is_candidate(name) is checked


def test_a_folder_run_reports_every_document_once_and_goes_on(trust: Path) -> None:
    report = check([trust], as_of=AS_OF)
    docs = {Path(d.path).relative_to(trust).as_posix(): d for d in report.documents}
    assert len(docs) == 6
    minutes = docs["Oakfield/minutes.pdf"]
    assert minutes.error is not None and minutes.error.code == "PK006"
    assert docs["Riverside/Behaviour.doc"].error is not None
    assert docs["Riverside/Behaviour.doc"].error.code == "PK002"
    assert docs["Riverside/broken.docx"].error is not None
    assert docs["Riverside/broken.docx"].error.code == "PK001"
    assert docs["Riverside/broken.docx"].findings == []
    assert docs["Oakfield/archive/Old Cohesion.docx"].status == "lapsed"
    assert docs["Oakfield/Community Cohesion.docx"].error is None
    assert report.exit_code() == 1
    data = report.to_dict()
    broken = next(d for d in data["documents"] if d["path"].endswith("broken.docx"))
    assert broken["error"]["code"] == "PK001" and broken["findings"] == []


def test_an_unreadable_document_alone_makes_the_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    result = run_cli("check", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert re.search(r"broken\.docx: error PK001 unreadable: ", result.output)


# --------------------------------------------------------------------------- bugs never stop a run


def test_an_unexpected_exception_is_pk000_for_that_document_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_policy(tmp_path / "a-good.docx")
    bad = write_policy(tmp_path / "b-bad.docx")
    real = policykit.parsing.parse_document

    def flaky(source: object, kind: object = None) -> object:
        if str(source).endswith("b-bad.docx"):
            raise KeyError("w:val")
        return real(source)  # type: ignore[arg-type]

    monkeypatch.setattr(policykit.parsing, "parse_document", flaky)
    report = check([good, bad], as_of=AS_OF)
    first, second = report.documents
    assert first.error is None
    assert second.error is not None and second.error.code == "PK000"
    assert "KeyError" in second.error.message
    assert report.exit_code() == 1


def test_a_crashing_rule_becomes_a_pk000_finding_and_the_others_still_run(tmp_path: Path) -> None:
    @rule("TR001", "always-crashes", "warning", "a broken plugin rule")
    def crash(ctx: RuleContext) -> list[Hit]:
        raise RuntimeError("boom")

    registry = Registry.with_builtins()
    registry.add_rule(crash)
    doc = write_policy(tmp_path / "p.docx", review="March 2025")
    report = check([doc], as_of=AS_OF, registry=registry)
    codes = [f.code for f in report.documents[0].findings]
    assert "PK000" in codes and "PK201" in codes
    crash_finding = next(f for f in report.documents[0].findings if f.code == "PK000")
    assert "TR001" in crash_finding.message and "boom" in crash_finding.message


# --------------------------------------------------------------------------- parallel runs


def test_jobs_give_the_same_report_in_the_same_order(tmp_path: Path) -> None:
    for i in range(10):
        write_policy(
            tmp_path / f"school-{i:02d}" / "policy.docx",
            review=f"March {2020 + i}",
            approved=f"March {2017 + i}",
        )
    (tmp_path / "school-05" / "broken.docx").write_bytes(b"junk")
    serial = check([tmp_path], as_of=AS_OF, jobs=1).to_dict()
    parallel = check([tmp_path], as_of=AS_OF, jobs=4).to_dict()
    assert parallel == serial
    paths = [d["path"] for d in serial["documents"]]
    assert paths == sorted(paths)
    assert len(paths) == 11


# --------------------------------------------------------------------------- the command line


def test_exit_codes_and_select_ignore(tmp_path: Path) -> None:
    doc = str(write_policy(tmp_path / "p.docx", approved="March 2022", review="March 2025"))
    assert run_cli("check", doc, "--as-of", AS_OF).exit_code == 1  # lapsed
    assert run_cli("check", doc, "--as-of", AS_OF, "--exit-zero").exit_code == 0
    assert run_cli("check", doc, "--as-of", AS_OF, "--ignore", "PK201").exit_code == 0
    assert run_cli("check", doc, "--as-of", AS_OF, "--select", "PK1,PK3").exit_code == 0
    selected = run_cli(
        "check", doc, "--as-of", AS_OF, "--select", "review-lapsed", "--format", "json"
    )
    assert selected.exit_code == 1
    assert [codes_of(d) for d in json.loads(selected.output)["documents"]] == [["PK201"]]
    # nothing lapsed a year earlier
    assert run_cli("check", doc, "--as-of", "2024-06-01").exit_code == 0


def test_fail_on_changes_what_fails(tmp_path: Path) -> None:
    doc = str(write_policy(tmp_path / "p.docx", school="", sections=GOOD_SECTIONS[:3]))
    assert run_cli("check", doc, "--as-of", AS_OF).exit_code == 1  # PK101 warning
    assert run_cli("check", doc, "--as-of", AS_OF, "--fail-on", "error").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "31/02/2026"],  # no such day (22/11/2026 is a UK date: accepted)
        ["--select", "PK8"],
        ["--ignore", "nonsense"],
        ["--format", "xml"],
        ["--jobs", "0"],
        ["--fail-on", "fatal"],
        ["--config", "missing.toml"],
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str]) -> None:
    doc = str(write_policy(tmp_path / "p.docx"))
    result = run_cli("check", doc, *args)
    assert result.exit_code == 2, result.output


def test_bad_options_exit_2_even_with_exit_zero(tmp_path: Path) -> None:
    doc = str(write_policy(tmp_path / "p.docx"))
    assert run_cli("check", doc, "--select", "PK8", "--exit-zero").exit_code == 2
    assert run_cli("check", "--exit-zero").exit_code == 2  # no PATH


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    doc = str(write_policy(tmp_path / "docs" / "p.docx", review="March 2025"))
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    result = run_cli("check", doc, "--as-of", AS_OF, "--format", "json", "--output", str(out))
    assert result.exit_code == 1
    assert result.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "PK201" in codes_of(data["documents"][0])
    assert os.listdir(out.parent) == ["report.json"]  # no temporary file left behind
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


@pytest.mark.parametrize("fmt", ["json", "text", "csv", "github"])
def test_a_streamed_report_is_the_writers_text(tmp_path: Path, fmt: str) -> None:
    # json, text, csv and github are written document by document as results arrive (nothing
    # kept); the text must be exactly what the writer makes of the whole report.
    from policykit.reports import ReportOptions, render

    docs = tmp_path / "docs"
    for i, review in enumerate(["March 2025", "January 2027", "July 2030", "May 2019"]):
        write_policy(docs / f"p{i}.docx", review=review)
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    options = ReportOptions(Registry.with_builtins())
    expected = render(fmt, check([docs], as_of=AS_OF), options)
    assert "p3.docx" in expected and "broken.docx" in expected
    out = tmp_path / f"report.{fmt}"
    for jobs in ("1", "2"):
        args = ["check", str(docs), "--as-of", AS_OF, "--format", fmt, "--jobs", jobs]
        assert run_cli(*args).stdout_bytes.decode("utf-8") == expected  # CSV's \r\n kept
        run_cli(*args, "-o", str(out))
        assert out.read_bytes().decode("utf-8") == expected
    empty = tmp_path / "empty"
    empty.mkdir()
    expected = render(fmt, check([empty], as_of=AS_OF), options)
    result = run_cli("check", str(empty), "--as-of", AS_OF, "--format", fmt)
    assert result.stdout_bytes.decode("utf-8") == expected


def test_a_run_that_keeps_no_documents_has_the_same_summary_and_exit(tmp_path: Path) -> None:
    from policykit.checking import CheckOptions, run_check
    from policykit.config import Overrides
    from policykit.records import CheckReport, DocumentReport

    for i, review in enumerate(["March 2025", "January 2027", "July 2030"]):
        write_policy(tmp_path / f"p{i}.docx", review=review)
    (tmp_path / "old.doc").write_bytes(OLE_MAGIC + bytes(600))
    seen: list[str] = []
    finished: list[CheckReport] = []

    class Sink:
        def start(self, as_of: dt.date) -> None:
            seen.append(f"start {as_of}")

        def add(self, document: DocumentReport) -> None:
            seen.append(document.path)

        def finish(self, report: CheckReport) -> None:
            finished.append(report)

    overrides = Overrides(as_of=dt.date(2026, 11, 22))
    kept = run_check([str(tmp_path)], CheckOptions(overrides))
    streamed = run_check([str(tmp_path)], CheckOptions(overrides, keep_documents=False), [Sink()])
    assert streamed.documents == []
    assert seen == ["start 2026-11-22", *(d.path for d in kept.documents)]
    assert finished == [streamed]
    assert streamed.summary() == kept.summary()
    assert streamed.summary()["documents"] == 4 and streamed.summary()["unreadable"] == 1
    assert streamed.exit_code() == kept.exit_code() == 1


def test_a_failed_run_leaves_the_old_report_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    for i in range(3):
        write_policy(docs / f"p{i}.docx")
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    real = engine.check_document

    def interrupted(task: engine.Task, registry: Registry) -> engine.DocumentReport:
        if task.path.endswith("p2.docx"):
            raise KeyboardInterrupt  # Ctrl-C half way through a streamed report
        return real(task, registry)

    monkeypatch.setattr(engine, "check_document", interrupted)
    result = run_cli(
        "check", str(docs), "--as-of", AS_OF, "--format", "json", "-o", str(out), "--jobs", "1"
    )
    # Ctrl-C: 130 (128 + SIGINT), never 1, which means "findings" (issue 13)
    assert result.exit_code == 130 and "interrupted (SIGINT)" in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(out.parent) == ["report.json"]


def test_text_output_has_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    doc = str(write_policy(tmp_path / "p.docx", review="March 2025"))
    result = run_cli("check", doc, "--as-of", AS_OF)
    assert "\x1b[" not in result.output


def test_rules_and_rule_commands() -> None:
    listing = run_cli("rules")
    assert listing.exit_code == 0
    assert re.search(r"^PK201\s+review-lapsed\s+error\s+", listing.output, re.M)
    assert len(listing.output.splitlines()) == len(list(Registry.with_builtins()))
    explained = run_cli("rule", "PK201")
    assert explained.exit_code == 0
    for heading in ("What it does", "Why it matters", "Example", "How to fix"):
        assert f"## {heading}" in explained.output
    assert run_cli("rule", "review-lapsed").output == explained.output
    assert run_cli("rule", "PK999").exit_code == 2
    as_json = json.loads(run_cli("rules", "--format", "json").output)
    assert {
        "code": "PK402",
        "name": "placeholder-text",
        "severity": "warning",
        "summary": "template text left in",
        "origin": "policykit",
    } in as_json


# --------------------------------------------------------------------------- the Python API


def test_api_returns_the_records_the_json_shows(tmp_path: Path) -> None:
    doc = write_policy(tmp_path / "p.docx", review="March 2025")
    report = check(doc, as_of=dt.date(2026, 11, 22))
    cli = json.loads(run_cli("check", str(doc), "--as-of", AS_OF, "--format", "json").output)
    assert report.to_dict() == cli
    assert set(cli) == {"as_of", "documents", "summary"}
    document = cli["documents"][0]
    assert {"path", "kind", "findings", "error"} <= set(document)
    finding = document["findings"][0]
    assert set(finding) == {"code", "name", "severity", "message", "section", "paragraph"}


def test_api_config_mapping_and_keywords(tmp_path: Path) -> None:
    doc = write_policy(tmp_path / "p.docx", review="January 2027")
    soon = check(doc, as_of=AS_OF)
    assert "PK202" in [f.code for f in soon.documents[0].findings]
    quiet = check(doc, {"due_soon_days": 10}, as_of=AS_OF)
    assert "PK202" not in [f.code for f in quiet.documents[0].findings]
    with pytest.raises(ConfigError, match="due"):
        check(doc, {"due_soon_days": "soon"})
    with pytest.raises(ConfigError, match="as_of"):
        check(doc, as_of="yesterday")


def test_plugins_add_rules_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.metadata as md
    import types

    from policykit import registry as registry_module

    plugin = types.ModuleType("trust_rules")

    @rule("TR101", "no-safeguarding-lead", "warning", "no designated safeguarding lead named")
    def no_dsl(ctx: RuleContext) -> list[Hit]:
        """
        ## What it does
        Looks for a named designated safeguarding lead.
        """
        if "safeguarding lead" not in ctx.full_text.lower():
            return [Hit("no designated safeguarding lead is named")]
        return []

    def setup(registry: Registry) -> None:
        registry.add_rule(no_dsl)

    plugin.setup = setup  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "trust_rules", plugin)
    ep = md.EntryPoint(name="trust", value="trust_rules", group="policykit.plugins")
    monkeypatch.setattr(
        md, "entry_points", lambda group=None: [ep] if group == "policykit.plugins" else []
    )
    monkeypatch.setattr(registry_module, "_default", None)
    try:
        listing = run_cli("rules")
        assert "TR101  no-safeguarding-lead" in listing.output
        doc = str(write_policy(tmp_path / "p.docx"))
        result = run_cli("check", doc, "--as-of", AS_OF, "--select", "TR1", "--format", "json")
        assert [codes_of(d) for d in json.loads(result.output)["documents"]] == [["TR101"]]
    finally:
        monkeypatch.setattr(registry_module, "_default", None)


def test_a_broken_plugin_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.metadata as md

    from policykit import registry as registry_module

    ep = md.EntryPoint(name="broken", value="no_such_module_xyz", group="policykit.plugins")
    monkeypatch.setattr(
        md, "entry_points", lambda group=None: [ep] if group == "policykit.plugins" else []
    )
    monkeypatch.setattr(registry_module, "_default", None)
    try:
        result = run_cli("check", str(write_policy(tmp_path / "p.docx")))
        assert result.exit_code == 2
        assert "plugin 'broken'" in result.output
    finally:
        monkeypatch.setattr(registry_module, "_default", None)


def test_copy_of_the_corpus_with_a_lock_file(tmp_path: Path) -> None:
    need_shared()
    shutil.copytree(POLICIES, tmp_path / "policies")
    (tmp_path / "policies" / "~$otton-park.docx").write_bytes(b"\x00" * 162)
    report = check([tmp_path / "policies"], as_of=AS_OF)
    assert sorted(Path(d.path).name for d in report.documents) == [
        "john-clifford.docx",
        "wootton-park.docx",
    ]


def test_progress_is_reported_for_every_document(tmp_path: Path) -> None:
    for i in range(3):
        write_policy(tmp_path / f"p{i}.docx")
    seen: list[tuple[int, int]] = []
    check([tmp_path], as_of=AS_OF, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_progress_bar_is_drawn_only_on_a_terminal(tmp_path: Path) -> None:
    from policykit.cli import check_cmd

    with check_cmd._progress(500, True) as progress:
        assert progress is None  # pytest's stderr is not a terminal
    with check_cmd._progress(5, True) as progress:
        assert progress is None


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork to share the monkeypatch")
def test_a_worker_that_dies_costs_only_its_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers do not inherit the monkeypatch without fork")
    for i in range(8):
        write_policy(tmp_path / f"p{i}.docx")
    parent = os.getpid()
    real = engine.check_document

    def dies_on_p3(task: engine.Task, registry: Registry) -> engine.DocumentReport:
        if os.getpid() != parent and task.path.endswith("p3.docx"):
            os._exit(3)  # a native crash in a library, as far as the pool can tell
        return real(task, registry)

    monkeypatch.setattr(engine, "check_document", dies_on_p3)
    report = check([tmp_path], as_of=AS_OF, jobs=2)
    assert [Path(d.path).name for d in report.documents] == [f"p{i}.docx" for i in range(8)]
    crashed = report.documents[3]
    assert crashed.error is not None and crashed.error.code == "PK000"
    assert all(d.error is None for i, d in enumerate(report.documents) if i != 3)


def test_checking_leaves_the_garbage_collectors_freeze_as_it_found_it(tmp_path: Path) -> None:
    # A run freezes what exists while it checks (fewer full collections, fewer page
    # copies in forked workers) and collects the youngest objects less often; an
    # application that froze objects or set its thresholds itself keeps them so.
    import gc

    for i in range(5):
        write_policy(tmp_path / f"p{i}.docx")
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    during: list[tuple[int, ...]] = []
    real = engine.check_document

    def watched(task: engine.Task, registry: Any) -> Any:
        during.append(gc.get_threshold())
        return real(task, registry)

    for jobs in (1, 2):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "check_document", watched)
            check(tmp_path, as_of=AS_OF, jobs=jobs)
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == thresholds
    assert during and during[0][0] == max(thresholds[0], engine.CHECK_GC_THRESHOLD)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        for jobs in (1, 2):
            check(tmp_path, as_of=AS_OF, jobs=jobs)
            assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
