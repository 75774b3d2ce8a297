"""``policykit compare`` and ``model = ...``: a school's copy against the trust's model (PK503).

A model behaviour policy marks what schools may not change in the three ways
trusts do it (a "Fixed" style, a content control tagged ``policykit:fixed``,
a comment ``policykit: fixed``). Three school copies: one faithful with its
own names and its own rewards scheme, one with a fixed section rewritten, one
with a fixed section removed. Exactly the expected findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from policykit import check
from policykit.cli import main
from policykit.compare import compare_files

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PROCEDURES = (
    "Pupils who break the school rules will be given a reflection task with a member of "
    "staff. Parents are told the same day. Only the headteacher may suspend a pupil."
)
COMPLAINTS = (
    "Parents who are unhappy with a decision should first speak to the class teacher, then "
    "write to the headteacher, then to the chair of governors."
)
EXCLUSIONS = "Suspensions follow the statutory guidance of the Department for Education."


def write(
    path: Path,
    school: str,
    head: str,
    procedures: str = PROCEDURES,
    rewards: str = "Pupils earn house points for kindness and effort.",
    complaints: bool = True,
    model: bool = False,
) -> Path:
    """A behaviour policy; the model marks Procedures (style), Complaints (comment) and the
    exclusions paragraph (a content control)."""
    document = Document()
    fixed = document.styles.add_style("Fixed Heading", WD_STYLE_TYPE.PARAGRAPH)
    fixed.base_style = document.styles["Heading 1"]
    document.add_paragraph("Behaviour Policy", style="Title")
    document.add_paragraph(school)
    document.add_paragraph("Date approved: 1 September 2025")
    document.add_heading("Aims", 1)
    document.add_paragraph(
        f"{school} aims for calm, purposeful classrooms where every pupil can learn."
    )
    document.add_heading("Procedures", 1).style = fixed if model else document.styles["Heading 1"]
    document.add_paragraph(procedures)
    document.add_paragraph(f"The headteacher, {head}, reports to governors each term.")
    document.add_heading("Rewards", 1)
    document.add_paragraph(rewards)
    if complaints:
        heading = document.add_heading("Complaints", 1)
        if model:
            document.add_comment(heading.runs, text="policykit: fixed", author="Trust")
        document.add_paragraph(COMPLAINTS)
    document.add_heading("Suspensions", 1)
    document.add_paragraph(f"{school} uses suspension only as a last resort.")
    exclusions = document.add_paragraph(EXCLUSIONS)
    if model:
        p: etree._Element = exclusions._p
        sdt = etree.Element(f"{{{W}}}sdt")
        props = etree.SubElement(sdt, f"{{{W}}}sdtPr")
        etree.SubElement(props, f"{{{W}}}tag").set(f"{{{W}}}val", "policykit:fixed")
        content = etree.SubElement(sdt, f"{{{W}}}sdtContent")
        p.addprevious(sdt)
        content.append(p)
    document.add_heading("Monitoring and Review", 1)
    document.add_paragraph("This policy is reviewed annually by the governing board.")
    document.save(str(path))
    return path


def schools(tmp_path: Path) -> dict[str, Path]:
    trust = tmp_path / "Trust"
    trust.mkdir()
    model = write(trust / "Behaviour Policy.docx", "[School Name]", "[Name]", model=True)
    oak = tmp_path / "Oakfield"
    ash = tmp_path / "Ashby"
    elm = tmp_path / "Elmtree"
    for folder in (oak, ash, elm):
        folder.mkdir()
    faithful = write(
        oak / "Behaviour Policy.docx",
        "Oakfield Primary School",
        "Mrs J. Patel",
        rewards="Each class keeps a marble jar; a full jar earns a class treat on Friday.",
    )
    rewritten = write(
        ash / "Behaviour Policy.docx",
        "Ashby Academy",
        "Mr T. Okafor",
        procedures=PROCEDURES.replace(
            "will be given a reflection task with a member of staff", "will be sent home"
        ),
    )
    removed = write(elm / "Behaviour Policy.docx", "Elmtree School", "Dr S. Lee", complaints=False)
    return {"model": model, "faithful": faithful, "rewritten": rewritten, "removed": removed}


def drift(findings: list[Any]) -> list[str]:
    return [f.message for f in findings if f.code == "PK503"]


def test_three_school_copies_give_exactly_the_expected_findings(tmp_path: Path) -> None:
    docs = schools(tmp_path)
    faithful = compare_files(docs["model"], docs["faithful"])
    assert faithful.findings() == []
    local = [c for s in faithful.sections for c in s.local_edits]
    assert any("Oakfield Primary School" in c.school and "[School Name]" in c.model for c in local)
    assert any("Patel" in c.school for c in local)
    rewards = next(s for s in faithful.sections if s.heading == "Rewards")
    assert rewards.status == "changed" and not rewards.drift  # local procedures: listed only

    rewritten = compare_files(docs["model"], docs["rewritten"]).findings()
    assert len(rewritten) == 1
    assert "'Procedures'" in rewritten[0].message and "sent home" in rewritten[0].message
    assert rewritten[0].paragraph is not None

    removed = compare_files(docs["model"], docs["removed"]).findings()
    assert len(removed) == 1
    assert "'Complaints'" in removed[0].message and "missing" in removed[0].message


def test_a_fixed_paragraph_in_an_open_section(tmp_path: Path) -> None:
    docs = schools(tmp_path)
    changed = tmp_path / "changed.docx"
    write(changed, "Oakfield Primary School", "Mrs J. Patel")
    document = Document(str(changed))
    for p in document.paragraphs:
        if p.text == EXCLUSIONS:
            p.text = "Suspensions are decided by the school as it sees fit."
    document.save(str(changed))
    found = compare_files(docs["model"], changed).findings()
    assert len(found) == 1 and "Suspensions" in found[0].message


def test_the_command_text_and_json(tmp_path: Path) -> None:
    docs = schools(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(docs["model"]), str(docs["rewritten"])])
    assert result.exit_code == 1
    assert "PK503 model-drift" in result.output
    assert (
        "[-given a reflection task with a member of staff.-]"
        in result.output.replace("\n    ", " ")
        or "[-given" in result.output
    )
    assert "{+sent home.+}" in result.output or "{+sent" in result.output
    result = runner.invoke(
        main, ["compare", str(docs["model"]), str(docs["faithful"]), "--format", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["findings"] == []
    fixed = {s["heading"] for s in data["sections"] if s["fixed"]}
    assert fixed == {"Procedures", "Complaints"}


def test_check_compares_every_schools_copy_with_the_configured_model(tmp_path: Path) -> None:
    schools(tmp_path)
    (tmp_path / "policykit.toml").write_text(
        '[models]\nbehaviour = "Trust/Behaviour Policy.docx"\n', encoding="utf-8"
    )
    report = check([tmp_path], as_of="2026-11-22")
    by_school = {Path(d.path).parent.name: drift(d.findings) for d in report.documents}
    assert by_school["Trust"] == []  # the model itself is not compared with itself
    assert by_school["Oakfield"] == []
    assert len(by_school["Ashby"]) == 1 and "Procedures" in by_school["Ashby"][0]
    assert len(by_school["Elmtree"]) == 1 and "Complaints" in by_school["Elmtree"][0]


def test_the_dashboard_shows_each_schools_word_level_diff(tmp_path: Path) -> None:
    """`policykit report` with a model configured: each copy's detail shows what differs."""
    from lxml import html

    shared = tmp_path / "share"
    shared.mkdir()
    schools(shared)
    (shared / "policykit.toml").write_text(
        '[models]\nbehaviour = "Trust/Behaviour Policy.docx"\n', encoding="utf-8"
    )
    out = tmp_path / "trust.html"
    result = CliRunner().invoke(
        main, ["report", str(shared), "-o", str(out), "--as-of", "2026-11-22"]
    )
    assert result.exit_code in (0, 1), result.output
    page = html.fromstring(out.read_text(encoding="utf-8"))

    def diff_of(school: str) -> Any:
        for article in page.xpath('//article[@class="doc"]'):
            if school in article.xpath("string(.//dd[@class='path'])"):
                found = article.xpath('.//section[@class="model-diff"]')
                return found[0] if found else None
        raise AssertionError(f"no detail for {school}")

    def item(diff: Any, heading: str) -> Any:
        return next(li for li in diff.xpath(".//li") if li.xpath("string(strong)") == heading)

    ashby = diff_of("Ashby")
    assert ashby is not None
    procedures = item(ashby, "Procedures")
    assert "given a reflection task with a member of staff." in [
        d.text for d in procedures.xpath(".//del")
    ]
    assert "sent home." in [i.text for i in procedures.xpath(".//ins")]
    assert "PK503 model drift" in procedures.text_content()
    assert "PK503" not in item(ashby, "Aims").text_content()  # the school's name: local

    elmtree = diff_of("Elmtree")
    assert elmtree is not None
    assert "Complaints: removed from this copy · fixed by the trust" in " ".join(
        elmtree.text_content().split()
    )

    oakfield = diff_of("Oakfield")
    assert oakfield is not None
    assert "PK503" not in oakfield.text_content()
    rewards = item(oakfield, "Rewards")
    assert "local edits only" in rewards.text_content()
    assert any("marble jar" in (i.text or "") for i in rewards.xpath(".//ins"))

    assert diff_of("Trust") is None  # the model is not compared with itself
