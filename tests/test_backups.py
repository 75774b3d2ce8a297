"""Backups of documents written in place: in the user's data folder, listed and restored.

``normalize --in-place``, ``annotate --in-place`` and ``approve`` keep the
document as it was under the user's data directory (here a private
``XDG_DATA_HOME``, set per test by conftest), in a dated folder per run that
records the original path; never ``X.docx.bak`` beside the policy.
``policykit restore`` lists them newest first and puts one back atomically,
refusing to overwrite a document changed since without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.backups import (
    RestoreRefused,
    backup,
    backups_dir,
    find_backup,
    list_backups,
    new_run,
    restore,
)
from policykit.cli import main

from .conftest import EXAMPLES

AS_OF = "2026-11-22"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "Oak School"
    folder.mkdir()
    shutil.copy(EXAMPLES / "john-clifford.docx", folder / "Community Cohesion.docx")
    shutil.copy(EXAMPLES / "wootton-park.docx", folder / "Cohesion 2016.docx")
    return folder


def _listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_the_backups_folder_is_the_users_data_folder() -> None:
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert backups_dir() == data_home / "policykit" / "backups"


def test_normalize_in_place_then_restore_by_path(school: Path) -> None:
    policy = school / "Community Cohesion.docx"
    original = policy.read_bytes()
    names = _listing(school)
    code, out = _run("normalize", str(policy), "--in-place")
    assert code == 0, out
    assert _listing(school) == names  # nothing beside the policy: no .bak, no .tmp
    assert policy.read_bytes() != original
    code, out = _run("restore")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    assert re.match(r"^\d{8}-\d{6}(-\d+)?/1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ", lines[0])
    assert lines[0].endswith(str(policy))
    code, out = _run("restore", str(policy))
    assert code == 0, out
    assert "restored from the backup" in out
    assert policy.read_bytes() == original
    assert _listing(school) == names


def test_backups_are_listed_newest_first_and_restored_by_id(school: Path) -> None:
    policy = school / "Community Cohesion.docx"
    first = policy.read_bytes()
    assert _run("normalize", str(policy), "--in-place")[0] == 0
    second = policy.read_bytes()
    assert _run("normalize", str(policy), "--in-place")[0] == 0
    kept = list_backups()
    assert len(kept) == 2
    assert kept[0].when >= kept[1].when and kept[0].id != kept[1].id
    assert kept[0].file.read_bytes() == second  # the newest run kept the second version
    assert kept[1].file.read_bytes() == first
    code, out = _run("restore", kept[1].id)
    assert code == 0, out
    assert policy.read_bytes() == first
    # Each run is a dated folder holding the copy under the document's own path and a
    # manifest naming the original.
    folder = kept[1].file.parents[len(Path(str(policy)).parts) - 2]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["backups"][0]["original"] == str(policy)
    assert dt.datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S")


def test_a_document_changed_since_is_not_overwritten_without_force(school: Path) -> None:
    policy = school / "Community Cohesion.docx"
    original = policy.read_bytes()
    assert _run("normalize", str(policy), "--in-place")[0] == 0
    edited = (EXAMPLES / "wootton-park.docx").read_bytes()  # someone saved over it since
    policy.write_bytes(edited)
    code, out = _run("restore", str(policy))
    assert code == 1
    assert "has changed since policykit wrote it" in out and "--force" in out
    assert policy.read_bytes() == edited
    code, out = _run("restore", str(policy), "--force")
    assert code == 0, out
    assert policy.read_bytes() == original


def test_a_deleted_document_is_put_back(school: Path) -> None:
    policy = school / "Community Cohesion.docx"
    original = policy.read_bytes()
    assert _run("normalize", str(policy), "--in-place")[0] == 0
    policy.unlink()
    assert _run("restore", str(policy))[0] == 0
    assert policy.read_bytes() == original


def test_annotate_and_approve_use_the_same_backups(school: Path) -> None:
    policy = school / "Community Cohesion.docx"
    other = school / "Cohesion 2016.docx"
    original, other_original = policy.read_bytes(), other.read_bytes()
    names = _listing(school)
    code, out = _run("annotate", str(policy), "--in-place", "--as-of", AS_OF)
    assert code == 0, out
    code, out = _run("approve", str(other), "--date", "2026-11-30")
    assert code == 0, out
    assert _listing(school) == names
    kept = list_backups()
    assert [k.original for k in kept] == [str(other), str(policy)]  # newest first
    assert _run("restore", str(policy))[0] == 0
    assert _run("restore", str(other))[0] == 0
    assert policy.read_bytes() == original and other.read_bytes() == other_original


def test_restore_says_when_there_is_nothing_to_restore(tmp_path: Path) -> None:
    code, out = _run("restore")
    assert code == 0 and "No backups" in out
    code, out = _run("restore", str(tmp_path / "never.docx"))
    assert code == 2 and "no backup" in out


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"new")
    kept = backup(target, b"old", new_run(), b"new")
    kept.write_bytes(b"tampered")
    item = find_backup(str(target))
    assert item is not None
    with pytest.raises(RestoreRefused, match="damaged"):
        restore(item)
    assert target.read_bytes() == b"new"


def test_two_runs_in_one_second_get_their_own_folders(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 4, 20, 50, 1)
    assert new_run(now) == "20261204-205001"
    assert new_run(now) == "20261204-205001-2"
    target = tmp_path / "a.docx"
    target.write_bytes(b"v2")
    backup(target, b"v1", "20261204-205001", b"v2")
    backup(target, b"v2", "20261204-205001-2", b"v3")
    assert [k.id for k in list_backups()] == ["20261204-205001-2/1", "20261204-205001/1"]
    target.write_bytes(b"v3")
    restore(list_backups()[0])
    assert target.read_bytes() == b"v2"
