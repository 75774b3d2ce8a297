"""A real client opens what we write: LibreOffice converts every output, headings intact.

One headless soffice call converts all the documents (starting LibreOffice
is the slow part), with a private profile so a desktop session is not
disturbed. In CI (POLICYKIT_REQUIRE_TOOLS=1) a missing soffice is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.parsing import parse
from policykit.render import render
from tests.conftest import need_shared, need_tool
from tests.docgen.fixtures import generated_policies  # noqa: F401  (a session fixture)
from tests.edit_helpers import convert
from tests.test_render import make_house_style, sample_policy


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
def test_libreoffice_opens_every_output_with_its_headings(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    generated_policies,  # noqa: F811
) -> None:
    soffice = need_tool("soffice")
    out = tmp_path / "docx"
    out.mkdir()
    documents: list[Path] = []
    runner = CliRunner()
    for seed in sorted((need_shared() / "policies").glob("*.docx")):
        target = out / f"seed-{seed.stem}.docx"
        assert runner.invoke(main, ["normalize", str(seed), "-o", str(target)]).exit_code == 0
        documents.append(target)
    new = out / "new-community-cohesion.docx"
    result = runner.invoke(
        main,
        [
            "new",
            "community-cohesion",
            "--set",
            "school=Test Academy",
            "--set",
            "approved=2026-09-01",
            "-o",
            str(new),
        ],
    )
    assert result.exit_code == 0, result.output
    documents.append(new)
    house = make_house_style(tmp_path / "house.docx")
    documents.append(render(sample_policy(), out / "house-styled.docx", house).path)
    for case in generated_policies:
        documents.append(render(parse(case.path), out / f"generated-{case.path.name}").path)

    text_dir = tmp_path / "txt"
    convert(soffice, documents, text_dir, tmp_path / "lo-profile", "txt:Text (encoded):UTF8")

    problems = []
    for document in documents:
        converted = text_dir / f"{document.stem}.txt"
        if not converted.exists():
            problems.append(f"{document.name}: LibreOffice did not convert it")
            continue
        text = _squash(converted.read_text(encoding="utf-8-sig"))
        policy = parse(document)
        wanted = [s.heading for s in policy.walk()] + [policy.title or ""]
        missing = [h for h in wanted if _squash(h) not in text]
        if missing:
            problems.append(f"{document.name}: headings missing from LibreOffice's text: {missing}")
    assert len(documents) >= 5
    assert not problems, "\n".join(problems)
