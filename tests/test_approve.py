"""``policykit approve``: an approval recorded where the document keeps its dates.

What a user would notice: after a governors' meeting the approval date, the
next review and the review history are in the document, in its own date
style, in the table, line or footer where they were; nothing else changed;
a document with no approval field is left alone with a reason, and then no
other document is written either; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from policykit.cli import main
from policykit.edit.approve import ApprovalRequest, approve_bytes
from policykit.edit.package import EditError
from policykit.model import Policy, PolicyDate
from policykit.parsing import parse
from tests.conftest import EXAMPLES, need_shared
from tests.docgen.fixtures import generated_policies  # noqa: F401  (a session fixture)
from tests.edit_helpers import Para, make_policy, parts, standard_paragraphs
from tests.test_inputs_unchanged import changes, snapshot

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
APPROVED = dt.date(2026, 11, 30)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def approve(*files: Path, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    return run("approve", *map(str, files), "--date", "2026-11-30", *extra)


def holds(value: PolicyDate | None, day: dt.date) -> bool:
    return value is not None and value.start <= day <= value.end


def rewrite(path: Path, name: str, change: Callable[[etree._Element], None]) -> None:
    """Change one XML part of a package in place (the test's own fixture editing)."""
    data = parts(path)
    root = etree.fromstring(data[name])
    change(root)
    data[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part_name, content in data.items():
            zf.writestr(part_name, content)


def body_texts(path: Path) -> list[str]:
    root = etree.fromstring(parts(path)["word/document.xml"])
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


# --------------------------------------------------------------------------- layouts


def test_key_value_lines_get_the_dates_in_their_own_style(tmp_path: Path) -> None:
    path = make_policy(tmp_path / "p.docx", standard_paragraphs())
    before = body_texts(path)
    code, out = approve(path)
    assert code == 0, out
    policy = parse(path)
    assert policy.approved is not None and policy.approved.text == "30 November 2026"
    assert policy.review_due is not None and policy.review_due.text == "November 2027"
    after = body_texts(path)
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [2, 3]
    assert after[2] == "Date approved: 30 November 2026"
    assert "1 September 2025 -> 30 November 2026" in out
    assert "September 2026 -> November 2027" in out


def test_a_metadata_table_in_terms_gets_terms(tmp_path: Path) -> None:
    paragraphs = [p for p in standard_paragraphs() if not p.text.startswith(("Date", "Review d"))]
    table = [["Date approved", "Autumn 2024"], ["Review date", "Autumn Term 2025"]]
    path = make_policy(tmp_path / "p.docx", paragraphs[:2], tables=[table])
    # the sections after the table
    document = Document(str(path))
    for para in paragraphs[2:]:
        document.add_paragraph(para.text, style=para.style)
    document.save(str(path))
    assert approve(path)[0] == 0
    policy = parse(path)
    assert policy.approved is not None and policy.approved.text == "Autumn 2026"
    assert policy.review_due is not None and policy.review_due.text == "Autumn Term 2027"


def test_a_footer_gets_day_first_dates(tmp_path: Path) -> None:
    paragraphs = [p for p in standard_paragraphs() if not p.text.startswith(("Date", "Review d"))]
    path = make_policy(tmp_path / "p.docx", paragraphs)
    document = Document(str(path))
    document.sections[0].footer.paragraphs[
        0
    ].text = "Approved: 01/09/2025    Next review: 01/09/2026"
    document.save(str(path))
    before = parts(path)
    assert approve(path)[0] == 0
    policy = parse(path)
    assert policy.approved is not None and policy.approved.text == "30/11/2026"
    assert policy.review_due is not None and policy.review_due.text == "30/11/2027"
    after = parts(path)
    assert after["word/document.xml"] == before["word/document.xml"]  # the body untouched
    footer = next(n for n in after if n.startswith("word/footer"))
    assert b"30/11/2026" in after[footer] and b"30/11/2027" in after[footer]


def test_a_review_history_table_gets_a_row_like_the_last(tmp_path: Path) -> None:
    history = [
        ["Date reviewed", "Signed", "Next review"],
        ["September 2023", "A. Jones", "September 2024"],
        ["September 2024", "A. Jones", "September 2025"],
    ]
    paragraphs = [p for p in standard_paragraphs() if not p.text.startswith("Review d")]
    path = make_policy(tmp_path / "p.docx", paragraphs, tables=[history])
    old = parse(path)
    code, out = approve(path, extra=("--signed", "J. Smith"))
    assert code == 0, out
    policy = parse(path)
    assert [r.date.text for r in policy.reviews] == [
        *(r.date.text for r in old.reviews),
        "November 2026",
    ]
    assert policy.reviews[-1].signed_by == "J. Smith"
    assert policy.review_due is not None and policy.review_due.text == "November 2027"
    table = next(etree.fromstring(parts(path)["word/document.xml"]).iter(f"{W}tbl"))
    rows = table.findall(f"{W}tr")
    assert len(rows) == 4
    for previous, new in zip(rows[2].findall(f"{W}tc"), rows[3].findall(f"{W}tc"), strict=True):
        old_props, new_props = previous.find(f"{W}tcPr"), new.find(f"{W}tcPr")
        assert old_props is not None and new_props is not None
        assert etree.tostring(old_props) == etree.tostring(new_props)


def test_a_history_across_the_page_gets_a_column(tmp_path: Path) -> None:
    path = tmp_path / "john-clifford.docx"
    path.write_bytes((EXAMPLES / "john-clifford.docx").read_bytes())
    code, out = approve(path, extra=("--signed", "J. Smith"))
    assert code == 0, out
    policy = parse(path)
    assert (policy.reviews[-1].date.text, policy.reviews[-1].signed_by) == (
        "Autumn 2026",
        "J. Smith",
    )
    assert policy.review_due is not None and policy.review_due.text == "Autumn 2027"
    assert "12 months" in out  # the kind has no cycle of its own: said so


def test_next_overrides_the_cycle_and_by_fills_approved_by(tmp_path: Path) -> None:
    paragraphs = standard_paragraphs()
    paragraphs.insert(3, Para("Approved by: Curriculum Committee"))
    path = make_policy(tmp_path / "p.docx", paragraphs)
    code, out = approve(path, extra=("--next", "2028-07-31", "--by", "Full Governing Body"))
    assert code == 0, out
    policy = parse(path)
    assert policy.review_due is not None and policy.review_due.text == "July 2028"
    assert policy.people.get("approved_by") == "Full Governing Body"


# --------------------------------------------------------------------------- refusals


def test_no_approval_field_leaves_every_file_untouched(tmp_path: Path) -> None:
    good = make_policy(tmp_path / "good.docx", standard_paragraphs())
    bare = [p for p in standard_paragraphs() if not p.text.startswith(("Date", "Review d"))]
    bad = make_policy(tmp_path / "bad.docx", bare)
    before = snapshot(tmp_path)
    code, out = approve(good, bad)
    assert code == 1
    assert "bad.docx: cannot be updated: no approval field found" in out
    assert "Nothing was written" in out
    assert changes(before, snapshot(tmp_path)) == {}


def test_a_protected_document_is_refused(tmp_path: Path) -> None:
    path = make_policy(tmp_path / "p.docx", standard_paragraphs())

    def protect(root: etree._Element) -> None:
        el = etree.SubElement(root, f"{W}documentProtection")
        el.set(f"{W}edit", "readOnly")
        el.set(f"{W}enforcement", "1")

    rewrite(path, "word/settings.xml", protect)
    data = path.read_bytes()
    code, out = approve(path)
    assert code == 1 and "protected" in out
    assert path.read_bytes() == data


def test_a_locked_content_control_is_refused(tmp_path: Path) -> None:
    path = make_policy(tmp_path / "p.docx", standard_paragraphs())

    def lock(root: etree._Element) -> None:
        p = next(p for p in root.iter(f"{W}p") if "Date approved" in "".join(p.itertext()))
        text = p.find(f"{W}r/{W}t")
        assert text is not None
        text.text = "Date approved: "
        sdt = etree.SubElement(p, f"{W}sdt")
        props = etree.SubElement(sdt, f"{W}sdtPr")
        etree.SubElement(props, f"{W}lock").set(f"{W}val", "contentLocked")
        content = etree.SubElement(sdt, f"{W}sdtContent")
        etree.SubElement(etree.SubElement(content, f"{W}r"), f"{W}t").text = "1 September 2025"

    rewrite(path, "word/document.xml", lock)
    assert parse(path).approved is not None
    data = path.read_bytes()
    code, out = approve(path)
    assert code == 1 and "content control" in out
    assert path.read_bytes() == data


def test_a_date_picker_gets_its_date_too(tmp_path: Path) -> None:
    path = make_policy(tmp_path / "p.docx", standard_paragraphs())

    def picker(root: etree._Element) -> None:
        p = next(p for p in root.iter(f"{W}p") if "Date approved" in "".join(p.itertext()))
        text = p.find(f"{W}r/{W}t")
        assert text is not None
        text.text = "Date approved: "
        sdt = etree.SubElement(p, f"{W}sdt")
        props = etree.SubElement(sdt, f"{W}sdtPr")
        etree.SubElement(props, f"{W}date").set(f"{W}fullDate", "2025-09-01T00:00:00Z")
        content = etree.SubElement(sdt, f"{W}sdtContent")
        etree.SubElement(etree.SubElement(content, f"{W}r"), f"{W}t").text = "01/09/2025"

    rewrite(path, "word/document.xml", picker)
    assert approve(path)[0] == 0
    root = etree.fromstring(parts(path)["word/document.xml"])
    date = next(root.iter(f"{W}date"))
    assert date.get(f"{W}fullDate") == "2026-11-30T00:00:00Z"
    assert parse(path).approved is not None


# --------------------------------------------------------------------------- the folder


def test_dry_run_prints_old_and_new_and_writes_nothing(tmp_path: Path) -> None:
    path = make_policy(tmp_path / "p.docx", standard_paragraphs())
    before = snapshot(tmp_path)
    code, out = approve(path, extra=("--dry-run",))
    assert code == 0
    assert "approved: 1 September 2025 -> 30 November 2026" in out
    assert "review due: September 2026 -> November 2027" in out
    assert changes(before, snapshot(tmp_path)) == {}


def test_nothing_is_left_beside_the_documents(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    a = make_policy(school / "a.docx", standard_paragraphs())
    b = make_policy(
        school / "b.docx", standard_paragraphs(approved="Autumn 2024", review="Autumn 2025")
    )
    originals = {a: a.read_bytes(), b: b.read_bytes()}
    names = sorted(os.listdir(school))
    code, out = approve(a, b)
    assert code == 0, out
    assert sorted(os.listdir(school)) == names
    data_home = Path(os.environ["XDG_DATA_HOME"])
    for path, data in originals.items():
        assert path.read_bytes() != data
        assert any(p.read_bytes() == data for p in data_home.rglob(path.name))


# --------------------------------------------------------------------------- the property


def _comparable(policy: Policy) -> Any:
    """The policy's JSON less the fields approve sets (checked on their own)."""
    data: dict[str, Any] = policy.model_dump(mode="json")
    for key in ("approved", "review_due", "reviews", "messages"):
        data.pop(key, None)
    data["people"].pop("approved_by", None)
    # the review history table is compared through ``reviews``
    history = {r.date.text for r in policy.reviews}

    def drop_history(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            b
            for b in blocks
            if b["type"] != "table" or not history & {c for row in b["rows"] for c in row}
        ]

    data["preamble"] = drop_history(data["preamble"])
    stack = list(data["sections"])
    while stack:
        section = stack.pop()
        section["blocks"] = drop_history(section["blocks"])
        stack.extend(section["sections"])
    return data


def _substituted(text: str, replaced: list[tuple[str, str]]) -> str:
    """``text`` with each old value written as its new one, in place (no overlaps)."""
    spans = sorted(
        (m.start(), m.start() + len(old), new)
        for old, new in replaced
        for m in re.finditer(re.escape(old), text)
    )
    out, position = [], 0
    for start, end, new in spans:
        if start >= position:
            out.append(text[position:start] + new)
            position = end
    return "".join(out) + text[position:]


def _expected(old: Any, replaced: list[tuple[str, str]]) -> Any:
    """The old JSON with the values approve replaced written anew, string by string."""
    if isinstance(old, str):
        return _substituted(old, replaced)
    if isinstance(old, list):
        return [_expected(v, replaced) for v in old]
    if isinstance(old, dict):
        return {k: _expected(v, replaced) for k, v in old.items()}
    return old


def _check_approval(data: bytes, request: ApprovalRequest) -> bool:
    """Approve, parse: the new dates are there; every other field and section is as before."""
    old = parse(io.BytesIO(data))
    try:
        result = approve_bytes(data, request)
    except EditError as exc:
        assert "no approval field found" in str(exc), exc
        return False
    new = parse(io.BytesIO(result.data))
    whats = {c.what for c in result.changes}
    if "approved" in whats:
        assert holds(new.approved, request.date)
    if "review due" in whats:
        assert result.next_review is not None and holds(new.review_due, result.next_review)
    if "review history" in whats:
        assert len(new.reviews) == len(old.reviews) + 1
        assert any(holds(r.date, request.date) for r in new.reviews)
    else:
        assert new.reviews == old.reviews
    replaced = [(c.old, c.new) for c in result.changes if c.old is not None]
    after = json.dumps(_comparable(new), indent=0, sort_keys=True).splitlines()
    expected = _expected(_comparable(old), replaced)
    before = json.dumps(expected, indent=0, sort_keys=True).splitlines()
    assert after == before, "\n".join(difflib.unified_diff(before, after, lineterm="", n=1))
    return True


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # the fixture's repr
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    number=st.integers(min_value=0, max_value=10_000),
    day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    months=st.one_of(st.none(), st.integers(min_value=6, max_value=48)),
    signed=st.one_of(st.none(), st.sampled_from(["J. Smith", "Mrs A. O'Neill"])),
)
def test_approve_then_parse_over_generated_policies_and_seeds(  # type: ignore[no-untyped-def]
    generated_policies,  # noqa: F811
    number: int,
    day: dt.date,
    months: int | None,
    signed: str | None,
) -> None:
    sources = [case.path for case in generated_policies]
    sources += sorted((need_shared() / "policies").glob("*.docx"))
    source = sources[number % len(sources)]
    following = None if months is None else day + dt.timedelta(days=months * 30)
    _check_approval(source.read_bytes(), ApprovalRequest(day, None, signed, following))


@pytest.mark.slow
def test_almost_every_generated_policy_can_be_approved(  # type: ignore[no-untyped-def]
    generated_policies,  # noqa: F811
) -> None:
    done = [
        _check_approval(
            case.path.read_bytes(), ApprovalRequest(APPROVED, "Full Governing Body", "J. Smith")
        )
        for case in generated_policies
    ]
    assert sum(done) >= 0.9 * len(done)
    for seed in sorted((need_shared() / "policies").glob("*.docx")):
        assert _check_approval(seed.read_bytes(), ApprovalRequest(APPROVED, None, "J. Smith"))
