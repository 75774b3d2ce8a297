"""Every command leaves its inputs byte-identical: hashed before and after, across the corpus.

The commands run over ``../shared/corpus`` itself (not a copy), so a command
that wrote beside its input (a cache, a lock file, a backup) or touched it in
place would show here: the test compares every file's SHA-256 and mtime, and
the list of entries in every folder. Outputs go to a temporary folder. A
command failing for its own reasons is not this test's business (other tests
cover that); only what it did to its inputs is. ``normalize --in-place`` is the
one command whose purpose is to rewrite its input, and is not run here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit import check, parse
from policykit.cli import main
from policykit.docx.reader import read_docx
from policykit.errors import PolicykitError

from .conftest import CORPUS, POLICIES, WILD, need_shared

AS_OF = "2026-11-22"
FORMATS = ("text", "json", "csv", "sarif", "github", "junit", "html", "xlsx", "ics", "summary")

Snapshot = dict[str, tuple[str, int, int] | str]


def snapshot(root: Path) -> Snapshot:
    """Every entry under ``root``: files by hash, size and mtime; folders and links by kind."""
    out: Snapshot = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs:
            out[os.path.relpath(os.path.join(folder, name), root)] = "folder"
        for name in names:
            path = os.path.join(folder, name)
            key = os.path.relpath(path, root)
            if os.path.islink(path):
                out[key] = "link -> " + os.readlink(path)
                continue
            st = os.stat(path)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            out[key] = (digest, st.st_size, st.st_mtime_ns)
    return out


def changes(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """What differs between two snapshots, entry by entry."""
    out = {k: "changed" for k in before.keys() & after.keys() if before[k] != after[k]}
    out.update({k: "added" for k in after.keys() - before.keys()})
    out.update({k: "removed" for k in before.keys() - after.keys()})
    return out


@pytest.fixture(scope="module")
def corpus() -> Iterator[Path]:
    """The shared corpus, checked unchanged once every test of this module has run."""
    root = need_shared()
    before = snapshot(root)
    yield root
    assert changes(before, snapshot(root)) == {}


@pytest.fixture
def unchanged(corpus: Path) -> Iterator[Path]:
    """Per test: the corpus, and a check that this test's commands left it as they found it."""
    before = snapshot(corpus)
    yield corpus
    assert changes(before, snapshot(corpus)) == {}


def documents(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in {".docx", ".doc", ".docm"})


def invoke(*args: str) -> int:
    """Run a command in-process and return its exit code (what it printed is not tested here).

    ``parse`` and ``check`` must run (exit 0 or 1: a usage error would read nothing);
    the render commands are only held to leaving their inputs alone.
    """
    return CliRunner().invoke(main, list(args), catch_exceptions=True).exit_code


def test_parse_every_document_in_every_format(unchanged: Path) -> None:
    files = documents(unchanged)
    assert len(files) > 200
    for path in files:
        assert invoke("parse", str(path), "--format", "json") in (0, 1), path
    for path in documents(POLICIES)[:2] + files[:: max(1, len(files) // 10)]:
        assert invoke("parse", str(path), "--format", "yaml") in (0, 1), path
        assert invoke("parse", str(path), "--format", "text", "--full") in (0, 1), path


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_the_whole_corpus(unchanged: Path, tmp_path: Path, fmt: str) -> None:
    common = ["check", str(unchanged), "--format", fmt, "--as-of", AS_OF, "--jobs", "1"]
    assert invoke(*common) in (0, 1)
    assert invoke(*common, "--output", str(tmp_path / f"report.{fmt}")) in (0, 1)
    assert (tmp_path / f"report.{fmt}").stat().st_size > 0


def test_check_with_workers_baselines_and_files_named_twice(
    unchanged: Path, tmp_path: Path
) -> None:
    baseline = str(tmp_path / "baseline.json")
    common = ["check", str(unchanged), "--as-of", AS_OF]
    assert invoke(*common, "--jobs", "3", "--write-baseline", baseline) == 0
    assert invoke(*common, "--jobs", "2", "--baseline", baseline) in (0, 1)
    some = [str(p) for p in documents(POLICIES)]
    assert invoke("check", *some, *some, str(POLICIES), "--format", "json", "--jobs", "1") == 1


def test_normalize_render_and_new_leave_documents_and_templates_alone(
    unchanged: Path, tmp_path: Path
) -> None:
    policies = documents(POLICIES)
    wild = documents(WILD)
    template = str(policies[0])
    for i, path in enumerate(policies + wild[:: max(1, len(wild) // 8)]):
        invoke("normalize", str(path), "-o", str(tmp_path / f"n{i}.docx"))
        invoke("normalize", str(path), "-o", str(tmp_path / f"t{i}.docx"), "--template", template)
    source = tmp_path / "policy.yaml"
    result = CliRunner().invoke(main, ["parse", str(policies[-1]), "--format", "yaml"])
    source.write_text(result.output, encoding="utf-8")
    invoke("render", str(source), "-o", str(tmp_path / "r.docx"), "--template", template)
    invoke("new", "community-cohesion", "-o", str(tmp_path / "new.docx"), "--template", template)
    invoke("new", template, "--placeholders")
    invoke("new", template, "-o", str(tmp_path / "from-template.docx"))


def test_the_python_api(unchanged: Path) -> None:
    for path in documents(unchanged):
        with contextlib.suppress(PolicykitError):
            parse(path)
        with path.open("rb") as handle, contextlib.suppress(PolicykitError):
            read_docx(handle)
    check([unchanged], as_of=AS_OF)
    data = documents(POLICIES)[0].read_bytes()
    parse(io.BytesIO(data))
    assert data == documents(POLICIES)[0].read_bytes()


def test_the_snapshot_sees_a_change(tmp_path: Path) -> None:
    """The instrument itself: a rewrite with the same size, a new file and a touch all show."""
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 one")
    before = snapshot(tmp_path)
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 two")
    assert changes(before, snapshot(tmp_path)) == {"a.docx": "changed"}
    before = snapshot(tmp_path)
    (tmp_path / ".policykit_cache").mkdir()
    assert changes(before, snapshot(tmp_path)) == {".policykit_cache": "added"}
    before = snapshot(tmp_path)
    os.utime(tmp_path / "a.docx", ns=(1, 1))
    assert changes(before, snapshot(tmp_path)) == {"a.docx": "changed"}


def test_the_corpus_is_where_the_tests_expect() -> None:
    need_shared()
    assert CORPUS.is_dir() and POLICIES.is_dir() and WILD.is_dir()
