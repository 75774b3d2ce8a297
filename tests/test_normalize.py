"""``policykit normalize``: the same content, in the house style, written safely.

parse(normalize(doc)) == parse(doc) for both seeds and for the generated test
documents; the same input gives the same bytes; the input is never written
over unless asked (and then a backup is kept).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.parsing import parse
from policykit.render import RenderError, normalize, render_bytes
from tests.conftest import POLICIES, need_shared
from tests.docgen.fixtures import generated_policies  # noqa: F401  (a session fixture)


def _seeds() -> list[Path]:
    return sorted((need_shared() / "policies").glob("*.docx"))


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["normalize", *args])
    return result.exit_code, result.output


def _diff(a: object, b: object) -> str:
    import difflib

    left = json.dumps(a, indent=1, ensure_ascii=False, sort_keys=True).splitlines()
    right = json.dumps(b, indent=1, ensure_ascii=False, sort_keys=True).splitlines()
    return "\n".join(list(difflib.unified_diff(left, right, lineterm="", n=1))[:40])


def test_seeds_normalize_to_the_same_content_and_the_same_bytes(tmp_path: Path) -> None:
    for seed in _seeds():
        first, second, again = (tmp_path / f"{seed.stem}-{n}.docx" for n in (1, 2, 3))
        assert _invoke(str(seed), "-o", str(first))[0] == 0
        assert _invoke(str(seed), "-o", str(second))[0] == 0
        original = parse(seed)
        assert parse(first) == original, _diff(
            original.model_dump(mode="json"), parse(first).model_dump(mode="json")
        )
        assert first.read_bytes() == second.read_bytes(), seed.name
        # normalizing a normalized document changes nothing
        assert _invoke(str(first), "-o", str(again))[0] == 0
        assert again.read_bytes() == first.read_bytes(), seed.name


@pytest.mark.slow
def test_generated_documents_normalize_to_the_same_content(generated_policies) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    failures = []
    for case in generated_policies:
        original = parse(case.path)
        back = parse(io.BytesIO(render_bytes(original).data))
        if back != original:
            failures.append(
                f"{case.path.name} ({case.style}):\n"
                + _diff(original.model_dump(mode="json"), back.model_dump(mode="json"))
            )
    assert not failures, "\n\n".join(failures)


# Documents that read differently once rewritten, for reasons in the reading, not the
# writing (reported to the recogniser); each says why.
KNOWN_READING_LIMITS = {
    "tests_resources_240-DOP-1013A Lay Down Tubulars.docx": (
        "a one-cell table holding a nested table is flattened to one short line, which "
        "reads back as a banner heading"
    ),
    "tests_resources_libreoffice_conversion.docx": (
        "a line near the written Title is taken for the school's name"
    ),
}


@pytest.mark.slow
def test_wild_documents_normalize_to_the_same_content() -> None:
    """Word files nobody here wrote (other readers' fixtures): the rewrite reads the same."""
    from policykit.errors import DocumentError

    failures = []
    mended: list[str] = []
    checked = 0
    for path in sorted((need_shared() / "wild").glob("*/*.docx")):
        try:
            original = parse(path)
        except DocumentError:
            continue
        # What the reader says of the source (math it could not read ...) is not content:
        # the rewrite holds what was read, and reads back without messages.
        original.messages = []
        checked += 1
        rendered = render_bytes(original)
        back = parse(io.BytesIO(rendered.data))
        if back == original and path.name in KNOWN_READING_LIMITS:
            mended.append(path.name)
        if back != original and path.name not in KNOWN_READING_LIMITS:
            failures.append(
                f"{path.parent.name}/{path.name}:\n"
                + _diff(original.model_dump(mode="json"), back.model_dump(mode="json"))
            )
    assert checked > 100
    assert not failures, "\n\n".join(failures)
    assert not mended, f"these now round-trip: drop them from KNOWN_READING_LIMITS: {mended}"


def test_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    source = tmp_path / "policy.docx"
    shutil.copy(_seeds()[0], source)
    before = source.read_bytes()
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.docx"
    link.symlink_to(source)
    for spelling in (str(source), str(tmp_path / "sub" / ".." / "policy.docx"), str(link)):
        code, output = _invoke(str(source), "-o", spelling)
        assert code == 2, output
        assert "--in-place" in output
    assert source.read_bytes() == before
    with pytest.raises(RenderError):
        normalize(source, source)


def test_in_place_keeps_a_backup_in_the_data_folder_not_beside_it(tmp_path: Path) -> None:
    seed = _seeds()[0]
    source = tmp_path / "policy.docx"
    shutil.copy(seed, source)
    code, output = _invoke(str(source), "--in-place")
    assert code == 0, output
    assert [p.name for p in tmp_path.iterdir()] == ["policy.docx"]  # no .bak, no .tmp
    data_home = Path(os.environ["XDG_DATA_HOME"])
    kept = [p for p in data_home.rglob("policy.docx") if p.read_bytes() == seed.read_bytes()]
    assert len(kept) == 1
    assert parse(source) == parse(seed)
    assert f"the original is kept as {kept[0]}" in output
    # a second run keeps the first backup (the original) and adds another
    assert _invoke(str(source), "--in-place")[0] == 0
    assert kept[0].read_bytes() == seed.read_bytes()
    assert len(list(data_home.rglob("policy.docx"))) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["policy.docx"]


def test_an_unreadable_input_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "broken.docx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out.docx"
    code, output = _invoke(str(source), "-o", str(out))
    assert code == 1
    assert "PK001" in output and "broken.docx" in output
    assert not out.exists()


def test_needs_an_output_or_in_place(tmp_path: Path) -> None:
    source = tmp_path / "policy.docx"
    shutil.copy(_seeds()[0], source)
    code, output = _invoke(str(source))
    assert code == 2 and "-o" in output


def test_normalize_with_a_house_style(tmp_path: Path) -> None:
    from tests.test_render import make_house_style

    house = make_house_style(tmp_path / "house.docx")
    for seed in _seeds():
        out = tmp_path / f"{seed.stem}.docx"
        code, output = _invoke(str(seed), "-o", str(out), "--template", str(house))
        assert code == 0, output
        assert parse(out) == parse(seed), seed.name
        assert os.path.getsize(out) > 0


def test_a_house_style_written_by_libreoffice_names_its_headings_as_shown(
    tmp_path: Path,
) -> None:
    """LibreOffice writes "Heading 1" where Word writes "heading 1": both must work."""
    need_shared()
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(
        main,
        [
            "normalize",
            str(POLICIES / "wootton-park.docx"),
            "-o",
            str(out),
            "--template",
            str(POLICIES / "john-clifford.docx"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert parse(out) == parse(POLICIES / "wootton-park.docx")
