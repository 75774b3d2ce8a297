"""New policies from templates: the built-in model policies and a trust's own.

``policykit new KIND --set ...`` fills placeholders in the model (never in Word
XML), computes the review date from approval plus the cycle, and refuses to
write a policy with a placeholder left unfilled. ``policykit generate`` makes
one policy per CSV row and reports a bad row without stopping.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from policykit.cli import main
from policykit.kinds import available_kinds, get_kind
from policykit.parsing import parse
from policykit.render.templates import builtin_template, fill_template, load_template

_RESULT = tuple[int, str]


def _run(*args: str) -> _RESULT:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
        )


def test_new_policy_from_the_built_in_template(tmp_path: Path) -> None:
    out = tmp_path / "new.docx"
    code, output = _run(
        "new",
        "community-cohesion",
        "--set",
        "school=Test Academy",
        "--set",
        "approved=2026-09-01",
        "-o",
        str(out),
    )
    assert code == 0, output
    policy = parse(out)
    kind = get_kind("community-cohesion")
    assert policy.school == "Test Academy"
    assert policy.title == "Community Cohesion Policy"
    assert policy.approved is not None and policy.approved.text == "1 September 2026"
    assert policy.review_cycle_months == 12
    assert policy.review_due is not None and policy.review_due.text == "1 September 2027"
    assert not policy.review_due.inferred  # stated in the document
    assert set(kind.required) <= set(policy.section_ids())
    assert "{{" not in _package_text(out) and "}}" not in _package_text(out)
    assert "Test Academy" in json.dumps(policy.model_dump(mode="json")["sections"])


def test_new_policy_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "new.docx"
    assert (
        _run(
            "new",
            "community-cohesion",
            "--set",
            "school=Test Academy",
            "--set",
            "approved=2026-09-01",
            "-o",
            str(out),
        )[0]
        == 0
    )
    code, output = _run("check", str(out), "--format", "json", "--as-of", "2026-10-01")
    assert code == 0, output
    report = json.loads(output)
    assert report["documents"][0]["findings"] == []


def test_missing_placeholders_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "new.docx"
    code, output = _run("new", "community-cohesion", "-o", str(out))
    assert code == 2
    assert "approved, school" in output
    assert "review_due" not in output  # computed from approved: not asked for
    assert not out.exists()
    code, output = _run("new", "community-cohesion", "--set", "approved=2026-09-01", "-o", str(out))
    assert code == 2 and "placeholder school" in output
    assert not out.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "approved=soon"], "approved: 'soon' is not a date"),
        (["--set", "review_cycle=fortnightly"], "review_cycle: 'fortnightly'"),
        (["--set", "no equals sign"], "NAME=VALUE"),
    ],
)
def test_bad_values_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "new.docx"
    code, output = _run(
        "new",
        "community-cohesion",
        "--set",
        "school=Oak School",
        "--set",
        "approved=2026-09-01",
        *args,
        "-o",
        str(out),
    )
    assert code == 2
    assert message in output
    assert not out.exists()


def test_cycle_and_review_date_can_be_given(tmp_path: Path) -> None:
    out = tmp_path / "new.docx"
    code, output = _run(
        "new",
        "community-cohesion",
        "--set",
        "school=Oak School",
        "--set",
        "approved=Autumn 2026",
        "--set",
        "review_cycle=every two years",
        "-o",
        str(out),
    )
    assert code == 0, output
    policy = parse(out)
    assert policy.review_cycle_months == 24
    assert policy.review_due is not None and policy.review_due.text == "Autumn 2028"
    review = policy.find("review")
    assert review is not None and "reviewed every two years" in str(review.blocks)
    code, output = _run(
        "new",
        "community-cohesion",
        "--set",
        "school=Oak School",
        "--set",
        "approved=2026-09-01",
        "--set",
        "review_due=Summer 2027",
        "--set",
        "headteacher=Ms A. Khan",
        "--set",
        "colour=blue",
        "-o",
        str(out),
    )
    assert code == 0, output
    policy = parse(out)
    assert policy.review_due is not None and policy.review_due.text == "Summer 2027"
    assert policy.people["headteacher"] == "Ms A. Khan"
    assert "--set colour: the template has no {{ colour }} placeholder" in output


def test_placeholders_are_listed(tmp_path: Path) -> None:
    code, output = _run("new", "community-cohesion", "--placeholders")
    assert code == 0
    assert "school (needed)" in output and "approved (needed)" in output
    assert "review_due (computed" in output


def test_every_built_in_template_is_complete_and_current() -> None:
    for kind_id in available_kinds():
        path = builtin_template(kind_id)
        if path is None:
            continue
        kind = get_kind(kind_id)
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in raw["sections"]:
            assert kind.match_heading(section["heading"]) == section.get("id"), section
        template = load_template(kind_id)
        assert set(template.required()) <= {"school", "approved", "review_due", "review_cycle"}, (
            template.required()
        )
        filled = fill_template(template, {"school": "Oak School", "approved": "2026-09-01"})
        assert set(kind.required) <= set(filled.policy.section_ids())
        text = path.read_text(encoding="utf-8")
        body = text[text.index("\nsections:") :]  # the policy text, not the comments
        for outdated in (
            "SEF",
            "DCSF",
            "DfES",
            "Every Child Matters",
            "School Improvement Partner",
            "a new duty",
            "Race Relations",
            "Ofsted",
        ):
            assert outdated not in body, outdated


def test_the_community_cohesion_template_cites_current_law() -> None:
    text = builtin_template("community-cohesion").read_text(encoding="utf-8")  # type: ignore[union-attr]
    body = re.sub(r"\s+", " ", text[text.index("\nsections:") :])
    for needed in (
        "section 21(5)(b)",
        "section 38 of the Education and Inspections Act 2006",
        "fundamental British values",
        "Prevent duty",
        "Equality Act 2010",
        "Counter-Terrorism and Security Act 2015",
        "Academies are not bound",
    ):
        assert needed in body, needed


# --------------------------------------------------------------------------- a trust's own


def test_a_trusts_yaml_template(tmp_path: Path) -> None:
    template = tmp_path / "trust.yaml"
    template.write_text(
        "title: Community Cohesion Policy\n"
        "school: '{{ school }}'\n"
        "approved: '{{ approved }}'\n"
        "review_cycle_months: 24\n"
        "defaults: {trust: Oakfield Learning Trust}\n"
        "sections:\n"
        "  - heading: Rationale\n"
        "    blocks: ['{{ school }} is part of {{ trust }}. Contact {{ contact }}.']\n"
        "  - heading: Aims\n"
        "    blocks: [{items: ['Serve {{ school }} & its <community>']}]\n"
        "  - heading: How we promote community cohesion\n"
        "  - heading: Review\n"
        "    blocks: ['Reviewed {{ review_cycle }}; next by {{ review_due }}.']\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.docx"
    code, output = _run(
        "new",
        str(template),
        "--set",
        "school=St Ann’s & St Bede’s School",
        "--set",
        "approved=1/9/2026",
        "--set",
        "contact=<office@example.org>",
        "-o",
        str(out),
    )
    assert code == 0, output
    policy = parse(out)
    school = "St Ann’s & St Bede’s School"
    assert policy.school == school
    assert policy.title == "Community Cohesion Policy"
    assert policy.sections[0].blocks[0].text == (  # type: ignore[union-attr]
        f"{school} is part of Oakfield Learning Trust. Contact <office@example.org>."
    )
    assert policy.sections[1].blocks[0].items[0].text == (  # type: ignore[union-attr]
        f"Serve {school} & its <community>"
    )
    assert policy.review_due is not None and policy.review_due.text == "1 September 2028"
    assert policy.sections[3].blocks[0].text == (  # type: ignore[union-attr]
        "Reviewed every two years; next by 1 September 2028."
    )


def _docx_template(path: Path) -> Path:
    """A trust's Word model policy, with a placeholder split across runs as Word does."""
    document = Document()
    document.add_paragraph("{{ school }} Community Cohesion Policy", style="Title")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [
            ("School", "{{ school }}"),
            ("Date approved", "{{ approved }}"),
            ("Headteacher", "{{ headteacher }}"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    for heading, text in [
        ("Rationale", None),
        ("Aims", "We aim high."),
        ("Procedures", "We act."),
        ("Monitoring and Review", "Annually."),
    ]:
        document.add_paragraph(heading, style="Heading 1")
        paragraph = document.add_paragraph()
        if text is None:
            paragraph.add_run("Welcome to {{ sch")
            paragraph.add_run("ool }}, led by {{ headteacher }}.").bold = True
        else:
            paragraph.add_run(text)
    document.save(str(path))
    return path


def test_a_trusts_docx_template(tmp_path: Path) -> None:
    template = _docx_template(tmp_path / "model.docx")
    out = tmp_path / "out.docx"
    code, output = _run(
        "new",
        str(template),
        "--set",
        "school=Oak Academy",
        "--set",
        "approved=2026-09-01",
        "--set",
        "headteacher=Mr B. Ortiz",
        "-o",
        str(out),
    )
    assert code == 0, output
    policy = parse(out)
    assert policy.school == "Oak Academy"
    assert policy.approved is not None and policy.approved.text == "1 September 2026"
    assert policy.people["headteacher"] == "Mr B. Ortiz"
    assert policy.sections[0].blocks[0].text == (  # type: ignore[union-attr]
        "Welcome to Oak Academy, led by Mr B. Ortiz."
    )
    assert "{{" not in _package_text(out)
    code, output = _run("new", str(template), "--set", "school=Oak Academy", "-o", str(out))
    assert code == 2 and "approved" in output and "headteacher" in output


# --------------------------------------------------------------------------- generate


def test_generate_makes_one_policy_per_row_and_reports_bad_rows(tmp_path: Path) -> None:
    data = tmp_path / "schools.csv"
    data.write_text(
        "School,Approved,Headteacher,File\n"
        "Oak Academy,2026-09-01,Ms A. Khan,\n"
        "Elm Primary School,not a date,Mr C. Dee,\n"
        "\n"
        "Ash School,Autumn 2026,,ash-policy\n"
        ",2026-09-01,,\n",
        encoding="utf-8-sig",
    )
    out_dir = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["generate", "community-cohesion", "--data", str(data), "--out-dir", str(out_dir)]
    )
    assert result.exit_code == 1
    made = sorted(p.name for p in out_dir.iterdir())
    assert made == ["ash-policy.docx", "oak-academy-community-cohesion.docx"]
    assert f"{data}:3: error: approved: 'not a date' is not a date" in result.output
    assert f"{data}:6: error:" in result.output and "school" in result.output
    assert "2 made, 2 failed" in result.output
    oak = parse(out_dir / "oak-academy-community-cohesion.docx")
    assert oak.school == "Oak Academy" and oak.people["headteacher"] == "Ms A. Khan"
    ash = parse(out_dir / "ash-policy.docx")
    assert ash.review_due is not None and ash.review_due.text == "Autumn 2027"


def test_generate_all_good_exits_0_and_is_deterministic(tmp_path: Path) -> None:
    data = tmp_path / "schools.csv"
    data.write_text(
        "school,approved\nOak Academy,2026-09-01\nElm School,2026-09-01\n", encoding="utf-8"
    )
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        result = CliRunner().invoke(
            main, ["generate", "community-cohesion", "--data", str(data), "--out-dir", str(folder)]
        )
        assert result.exit_code == 0, result.output
    for path in first.iterdir():
        assert (second / path.name).read_bytes() == path.read_bytes()


def test_generate_refuses_two_rows_with_one_file_name(tmp_path: Path) -> None:
    data = tmp_path / "schools.csv"
    data.write_text(
        "school,approved\nOak Academy,2026-09-01\nOak Academy,2026-10-01\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        ["generate", "community-cohesion", "--data", str(data), "--out-dir", str(tmp_path / "out")],
    )
    assert result.exit_code == 1
    assert "also the file of line 2" in result.output


def test_new_policy_in_a_house_style(tmp_path: Path) -> None:
    from tests.test_render import make_house_style

    house = make_house_style(tmp_path / "house.docx")
    out = tmp_path / "new.docx"
    code, output = _run(
        "new",
        "community-cohesion",
        "--set",
        "school=Test Academy",
        "--set",
        "approved=2026-09-01",
        "--template",
        str(house),
        "-o",
        str(out),
    )
    assert code == 0, output
    document = Document(str(out))
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Oakfield Learning Trust" in header and "Test Academy" in header
    assert document.styles["Heading 1"].font.name == "Arial Black"
    assert parse(out).school == "Test Academy"
