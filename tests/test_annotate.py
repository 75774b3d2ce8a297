"""``policykit annotate``: findings as Word comments on the text they concern.

What a user would notice: every finding is a comment authored "policykit" on
the right words (read back by LibreOffice from its own .odt conversion), the
annotated file checks exactly as the original did, the rest of the package is
untouched (parts, existing comments, tracked changes), and nothing is left
beside the documents.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from policykit.cli import main
from policykit.docx.reader import read_docx
from tests.conftest import EXAMPLES, need_shared, need_tool
from tests.docgen.fixtures import generated_policies  # noqa: F401  (a session fixture)
from tests.edit_helpers import (
    convert,
    make_policy,
    odt_annotations,
    part,
    parts,
    squash,
    standard_paragraphs,
)
from tests.test_inputs_unchanged import changes, snapshot

AS_OF = "2026-11-22"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def findings(path: Path) -> list[dict[str, object]]:
    code, out = run("check", str(path), "--format", "json", "--as-of", AS_OF, "--no-cache")
    assert code in (0, 1), out
    document = json.loads(out)["documents"][0]
    assert document["error"] is None, document["error"]
    found: list[dict[str, object]] = document["findings"]
    return found


def annotate(source: Path, target: Path) -> None:
    code, out = run("annotate", str(source), "-o", str(target), "--as-of", AS_OF)
    assert code == 0, out


def test_annotated_example_checks_the_same_and_keeps_every_other_part(tmp_path: Path) -> None:
    for source in sorted(EXAMPLES.glob("*.docx")):
        target = tmp_path / source.name
        annotate(source, target)
        assert findings(target) == findings(source)
        before, after = parts(source), parts(target)
        assert list(after)[: len(before)] == list(before)  # same parts, same order
        added = set(after) - set(before)
        assert added == {"word/comments.xml"}
        edited = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name, data in before.items():
            if name not in edited:
                assert after[name] == data, name
        # the text read back is the same, paragraph by paragraph
        old = [p.text for p in read_docx(source).paragraphs()]
        new = [p.text for p in read_docx(target).paragraphs()]
        assert new == old


def test_every_finding_is_a_comment_by_policykit_with_how_to_fix(tmp_path: Path) -> None:
    source = EXAMPLES / "john-clifford.docx"
    target = tmp_path / "annotated.docx"
    annotate(source, target)
    comments = etree.fromstring(part(target, "word/comments.xml"))
    texts = ["\n".join("".join(p.itertext()) for p in c.iter(f"{W}p")) for c in comments]
    assert {c.get(f"{W}author") for c in comments} == {"policykit"}
    expected = findings(source)
    located = [f for f in expected if f["paragraph"] is not None]
    whole = [f for f in expected if f["paragraph"] is None]
    assert whole, "the example has findings about the whole document"
    assert len(texts) == len(located) + 1  # one per located finding, one on the title
    for f in located:
        assert any(
            t.startswith(f"{f['code']} {f['name']}") and str(f["message"]) in t for t in texts
        )
    title_comment = next(t for t in texts if all(str(f["message"]) in t for f in whole))
    assert "How to fix:" in title_comment


def test_existing_comments_and_tracked_changes_are_kept(tmp_path: Path) -> None:
    paragraphs = standard_paragraphs()
    paragraphs[7].comments.append("Check this with the head")
    source = make_policy(tmp_path / "policy.docx", paragraphs)
    # a tracked insertion in the procedures paragraph, made by hand as Word writes it
    import zipfile

    data = parts(source)
    root = etree.fromstring(data["word/document.xml"])
    target_p = next(p for p in root.iter(f"{W}p") if "partner schools" in "".join(p.itertext()))
    ins = etree.SubElement(target_p, f"{W}ins")
    ins.set(f"{W}id", "901")
    ins.set(f"{W}author", "Clerk")
    ins.set(f"{W}date", "2025-09-01T10:00:00Z")
    etree.SubElement(etree.SubElement(ins, f"{W}r"), f"{W}t").text = " Parents are invited."
    data["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(source, "w") as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    target = tmp_path / "out" / "policy.docx"
    target.parent.mkdir()
    annotate(source, target)
    comments = etree.fromstring(part(target, "word/comments.xml"))
    authors = [c.get(f"{W}author") for c in comments]
    assert authors[0] == "Governor" and "policykit" in authors
    ids = [c.get(f"{W}id") for c in comments]
    assert len(set(ids)) == len(ids)
    original = etree.fromstring(part(source, "word/comments.xml"))[0]
    assert etree.tostring(comments[0]) == etree.tostring(original)
    document = etree.fromstring(part(target, "word/document.xml"))
    inserted = [el for el in document.iter(f"{W}ins") if el.get(f"{W}author") == "Clerk"]
    assert len(inserted) == 1 and "".join(inserted[0].itertext()) == " Parents are invited."
    assert findings(target) == findings(source)


def test_a_folder_to_a_folder_leaves_the_input_folder_as_it_was(tmp_path: Path) -> None:
    school = tmp_path / "school"
    (school / "sub").mkdir(parents=True)
    make_policy(school / "a.docx", standard_paragraphs())
    make_policy(school / "sub" / "b.docx", standard_paragraphs(review="September 2020"))
    (school / "notes.txt").write_text("not a policy", encoding="utf-8")
    before = snapshot(school)
    code, out = run("annotate", str(school), "-o", str(tmp_path / "annotated"), "--as-of", AS_OF)
    assert code == 0, out
    assert changes(before, snapshot(school)) == {}
    written = sorted(
        p.relative_to(tmp_path / "annotated")
        for p in (tmp_path / "annotated").rglob("*")
        if p.is_file()
    )
    assert written == [Path("a.docx"), Path("sub/b.docx")]


def test_in_place_keeps_the_original_in_the_data_folder_not_beside_it(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    source = make_policy(school / "a.docx", standard_paragraphs())
    original = source.read_bytes()
    names = sorted(os.listdir(school))
    code, out = run("annotate", str(source), "--in-place", "--as-of", AS_OF)
    assert code == 0, out
    assert sorted(os.listdir(school)) == names
    assert source.read_bytes() != original
    data_home = Path(os.environ["XDG_DATA_HOME"])
    kept = [p for p in data_home.rglob("a.docx") if p.read_bytes() == original]
    assert kept, "the original is kept under the user's data folder"
    assert "kept as" in out


def test_refuses_to_write_over_the_input_or_into_the_checked_folder(tmp_path: Path) -> None:
    school = tmp_path / "school"
    school.mkdir()
    source = make_policy(school / "a.docx", standard_paragraphs())
    original = source.read_bytes()
    assert run("annotate", str(source), "-o", str(source))[0] == 2
    assert run("annotate", str(school), "-o", str(school / "annotated"))[0] == 2
    assert run("annotate", str(source))[0] == 2
    assert source.read_bytes() == original
    assert sorted(os.listdir(school)) == ["a.docx"]


def test_an_unreadable_document_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    code, out = run("annotate", str(bad), "-o", str(tmp_path / "out.docx"))
    assert code == 1
    assert "bad.docx: not annotated" in out
    assert not (tmp_path / "out.docx").exists()


def _quoted_phrase(finding: dict[str, object], paragraph: str) -> str | None:
    """The phrase a finding quotes ('...', first … last words) as the paragraph holds it."""
    import re

    quotes: list[str] = re.findall(r"'([^']{2,200})'", str(finding["message"]))
    for quoted in quotes:
        first, _, last = (part.strip() for part in quoted.partition("…"))
        if first in paragraph and (not last or last in paragraph):
            if not last:
                return first
            start = paragraph.index(first)
            return paragraph[start : paragraph.index(last, start) + len(last)]
    return None


def _on_the_right_text(finding: dict[str, object], paragraph: str, anchored: str) -> bool:
    """The comment sits on the phrase the finding quotes; else on words its message names
    (a date), else on the whole paragraph."""
    anchored, paragraph = squash(anchored), squash(paragraph)
    phrase = _quoted_phrase(finding, paragraph)
    if phrase is not None:
        return anchored == squash(phrase)
    if paragraph in anchored and len(anchored) <= len(paragraph) + 2:
        return True
    return len(anchored) >= 4 and anchored in paragraph and anchored in str(finding["message"])


@pytest.mark.slow
def test_libreoffice_reads_every_comment_on_the_right_text(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    generated_policies,  # noqa: F811
) -> None:
    """Seeds, examples and generated documents of three producers, annotated, read by LO."""
    soffice = need_tool("soffice")
    sources = sorted(EXAMPLES.glob("*.docx"))
    sources += sorted((need_shared() / "policies").glob("*.docx"))
    by_producer: dict[str, list[Path]] = {}
    for case in generated_policies:
        by_producer.setdefault(case.producer, []).append(case.path)
    assert len(by_producer) == 3, f"three producers expected, got {sorted(by_producer)}"
    for paths in by_producer.values():
        sources += paths[:6]
    out = tmp_path / "annotated"
    out.mkdir()
    targets = []
    for number, source in enumerate(sources):
        target = out / f"{number:02d}-{source.name}"
        annotate(source, target)
        assert findings(target) == findings(source), source
        targets.append(target)
    convert(soffice, targets, tmp_path / "odt", tmp_path / "profile", "odt")
    for source, target in zip(sources, targets, strict=True):
        comments = odt_annotations(tmp_path / "odt" / (target.stem + ".odt"))
        ours = [c for c in comments if c.author == "policykit"]
        expected = findings(source)
        paragraphs = [p.text for p in read_docx(source).paragraphs()]
        located = [f for f in expected if f["paragraph"] is not None]
        assert len(ours) == len(located) + (len(located) < len(expected)), target
        for f in located:
            paragraph = paragraphs[int(str(f["paragraph"]))]
            assert any(
                c.text.startswith(f"{f['code']} {f['name']}")
                and str(f["message"]) in squash(c.text)
                and _on_the_right_text(f, paragraph, c.anchored)
                for c in ours
            ), (target.name, f, [(c.text[:40], c.anchored[:60]) for c in ours])
        for f in expected:
            if f["paragraph"] is None:
                assert any(str(f["message"]) in squash(c.text) for c in ours), (target.name, f)
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_whole_document_findings_go_on_the_title(tmp_path: Path) -> None:
    paragraphs = [p for p in standard_paragraphs() if p.text not in ("Aims",)]
    source = make_policy(tmp_path / "policy.docx", paragraphs)
    target = tmp_path / "annotated.docx"
    annotate(source, target)
    document = etree.fromstring(part(target, "word/document.xml"))
    title = next(
        p for p in document.iter(f"{W}p") if "".join(p.itertext()) == "Community Cohesion Policy"
    )
    starts = [el.get(f"{W}id") for el in title.iter(f"{W}commentRangeStart")]
    assert len(starts) == 1
    comments = etree.fromstring(part(target, "word/comments.xml"))
    on_title = next(c for c in comments if c.get(f"{W}id") == starts[0])
    assert "PK101 missing-section" in "".join(on_title.itertext())
