"""A checked folder, listed before and after every command that reads it: nothing new or changed.

Issue 13 item 7 (nothing left in the share) as a user meets it: the commands
run from inside a school's policies folder (where a cache or a backup used to
be left), with outputs elsewhere. Every entry of the folder, recursively, is
listed with its size and modification time; the listing after each command
must equal the listing before, except, for the commands whose purpose is to
rewrite a document in place, that document alone. ``kinds`` and ``rule`` read
no folder. An output aimed at an input is refused (exit 2) and writes nothing.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.reports import BUILTIN_FORMATS

from .conftest import EXAMPLES
from .test_every_file_listed import OLE_MAGIC, PDF, RTF, _write_odt
from .test_inputs_unchanged import Snapshot
from .test_inputs_unchanged import changes as changed

AS_OF = "2026-11-22"


def listing(root: Path) -> Snapshot:
    """Every entry under ``root``: kind, size and modification time (ns)."""
    out: Snapshot = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            kind = "link" if os.path.islink(path) else "folder" if name in dirs else "file"
            out[os.path.relpath(path, root)] = (kind, st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A school's folder of policies in every format, the working folder of the test."""
    folder = tmp_path / "Policies"
    (folder / "Archive").mkdir(parents=True)
    shutil.copy(EXAMPLES / "john-clifford.docx", folder / "Community Cohesion.docx")
    shutil.copy(EXAMPLES / "wootton-park.docx", folder / "Archive" / "Cohesion 2016.docx")
    _write_odt(folder / "Anti-bullying.odt")
    (folder / "Old Behaviour.doc").write_bytes(OLE_MAGIC + b"\x00" * 504)
    (folder / "Behaviour Policy.pdf").write_bytes(PDF)
    (folder / "Uniform.rtf").write_bytes(RTF)
    (folder / "register.xlsx").write_bytes(b"PK\x03\x04")
    # Old enough that a rewrite in the same second would still change the time.
    for path in folder.rglob("*"):
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    monkeypatch.chdir(folder)
    yield folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    where = tmp_path / "out"
    where.mkdir()
    return where


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def untouched(share: Path, *args: str, codes: tuple[int, ...] = (0, 1)) -> str:
    """Run a command; the folder must be exactly as it was. Returns what it printed."""
    before = listing(share)
    code, output = run(*args)
    assert code in codes, (args, code, output)
    assert changed(before, listing(share)) == {}, args
    return output


def test_check_in_every_format_leaves_the_folder(share: Path, out: Path) -> None:
    for fmt in BUILTIN_FORMATS:
        target = out / f"report.{fmt}"
        untouched(share, "check", ".", "--format", fmt, "--as-of", AS_OF, "-o", str(target))
        assert target.stat().st_size > 0, fmt
        if fmt not in ("xlsx", "html"):
            untouched(share, "check", ".", "--format", fmt, "--as-of", AS_OF)  # to stdout
    baseline = out / "baseline.json"
    untouched(share, "check", ".", "--jobs", "2", "--write-baseline", str(baseline))
    untouched(share, "check", str(share), "--baseline", str(baseline), "--jobs", "2")
    untouched(share, "check", "Community Cohesion.docx", "Anti-bullying.odt", "--no-cache")
    # The results were kept: in the user's cache folder, not here.
    cache_home = Path(os.environ["XDG_CACHE_HOME"])
    assert any(p.is_file() for p in cache_home.rglob("*"))


def test_parse_report_compare_and_restore_leave_the_folder(share: Path, out: Path) -> None:
    for name in ("Community Cohesion.docx", "Anti-bullying.odt", "Archive/Cohesion 2016.docx"):
        for fmt in ("json", "yaml", "text"):
            untouched(share, "parse", name, "--format", fmt)
    untouched(share, "parse", "Old Behaviour.doc", codes=(1,))
    untouched(share, "report", ".", "-o", str(out / "dashboard.html"), "--as-of", AS_OF, codes=(0,))
    untouched(
        share,
        "compare",
        "Archive/Cohesion 2016.docx",
        "Community Cohesion.docx",
        "--format",
        "json",
    )
    untouched(share, "restore", codes=(0,))
    untouched(share, "rules", codes=(0,))


def test_writing_commands_with_outputs_elsewhere_leave_the_folder(share: Path, out: Path) -> None:
    untouched(share, "normalize", "Community Cohesion.docx", "-o", str(out / "n.docx"), codes=(0,))
    untouched(
        share,
        "normalize",
        "Anti-bullying.odt",
        "-o",
        str(out / "odt.docx"),
        "--template",
        "Community Cohesion.docx",
        codes=(0,),
    )
    untouched(share, "annotate", "Community Cohesion.docx", "-o", str(out / "a.docx"), codes=(0,))
    untouched(share, "annotate", ".", "-o", str(out / "annotated"), "--as-of", AS_OF, codes=(0, 1))
    untouched(
        share, "approve", "Community Cohesion.docx", "--date", "2026-11-30", "--dry-run", codes=(0,)
    )
    untouched(
        share,
        "new",
        "Community Cohesion.docx",
        "--placeholders",
        codes=(0, 2),  # a policy with no placeholders may be refused as a template: no matter
    )


@pytest.mark.parametrize(
    "command",
    [
        ("normalize", "{doc}", "--in-place"),
        ("annotate", "{doc}", "--in-place", "--as-of", AS_OF),
        ("approve", "{doc}", "--date", "2026-11-30"),
    ],
)
def test_in_place_commands_change_the_document_alone(share: Path, command: tuple[str, ...]) -> None:
    doc = "Community Cohesion.docx"
    before = listing(share)
    code, output = run(*(part.format(doc=doc) for part in command))
    assert code == 0, output
    assert changed(before, listing(share)) == {doc: "changed"}
    assert zipfile.is_zipfile(share / doc)
    # ... and the original is kept in the user's data folder, from where it comes back.
    assert run("restore", doc)[0] == 0
    restored = listing(share)
    assert restored[doc][1] == before[doc][1]
    assert changed(before, restored).keys() <= {doc}  # the same bytes, a new time


# --------------------------------------------------------------------------- outputs onto inputs


def test_report_onto_an_input_is_refused(share: Path) -> None:
    page = share / "Archive" / "dashboard.html"
    page.write_text("<p>kept</p>", encoding="utf-8")
    before = listing(share)
    code, output = run("report", ".", str(page), "-o", str(page), "--as-of", AS_OF)
    assert code == 2 and "refusing to write there" in output
    assert changed(before, listing(share)) == {}


def test_render_normalize_and_new_refuse_to_write_over_their_template(
    share: Path, out: Path
) -> None:
    house = out / "house.docx"
    shutil.copy(EXAMPLES / "wootton-park.docx", house)
    kept = house.read_bytes()
    code, output = run(
        "normalize", "Community Cohesion.docx", "-o", str(house), "--template", str(house)
    )
    assert code == 2 and "refusing to write there" in output
    code, output = run(
        "new", "community-cohesion", "--set", "school=Oak Academy", "--set",
        "approved=2026-09-01", "-o", str(house), "--template", str(house),
    )  # fmt: skip
    assert code == 2 and "refusing to write there" in output
    source = out / "policy.yaml"
    code, yaml_text = run("parse", "Community Cohesion.docx", "--format", "yaml")
    source.write_text(yaml_text, encoding="utf-8")
    code, output = run("render", str(source), "-o", str(house), "--template", str(house))
    assert code == 2 and "refusing to write there" in output
    code, output = run("render", str(source), "-o", str(source))
    assert code == 2 and "refusing to write there" in output
    assert house.read_bytes() == kept
    assert source.read_text(encoding="utf-8") == yaml_text
    code, output = run("new", str(house), "-o", str(house))
    assert code == 2
    assert house.read_bytes() == kept


def test_normalize_onto_its_input_is_refused_without_in_place(share: Path) -> None:
    before = listing(share)
    code, output = run("normalize", "Community Cohesion.docx", "-o", "Community Cohesion.docx")
    assert code == 2 and "--in-place" in output
    assert changed(before, listing(share)) == {}


def test_generate_never_writes_a_row_over_its_template(out: Path) -> None:
    template = out / "model.docx"
    shutil.copy(EXAMPLES / "wootton-park.docx", template)
    kept = template.read_bytes()
    data = out / "schools.csv"
    data.write_text(
        "school,approved,file\nOak Academy,2026-09-01,model.docx\nElm School,2026-09-01,elm.docx\n",
        encoding="utf-8",
    )
    code, output = run(
        "generate", "community-cohesion", "--data", str(data), "--out-dir", str(out),
        "--template", str(template),
    )  # fmt: skip
    assert code == 1
    assert "refusing to write over" in output and "1 made, 1 failed" in output
    assert template.read_bytes() == kept
    assert (out / "elm.docx").is_file()
