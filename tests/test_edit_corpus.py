"""annotate, approve and compare over the shared corpus (Word files from many programs).

The corpus is the input itself (not a copy): every file must be byte-identical
afterwards and no folder may gain an entry. Each annotated copy must check
exactly as its original; documents that cannot be edited are named with a
reason, never a crash.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from tests.conftest import POLICIES
from tests.test_inputs_unchanged import corpus, documents, unchanged  # noqa: F401 (fixtures)

AS_OF = "2026-11-22"


def check_json(path: Path) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(
        main,
        ["check", str(path), "--format", "json", "--as-of", AS_OF, "--no-cache", "--jobs", "1"],
    )
    assert result.exit_code in (0, 1), result.output
    found: dict[str, dict[str, object]] = {
        os.path.relpath(d["path"], path): {"findings": d["findings"], "error": d["error"]}
        for d in json.loads(result.output)["documents"]
    }
    return found


@pytest.mark.slow
def test_annotating_the_corpus_changes_no_finding_and_no_input(
    unchanged: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "annotated"
    result = CliRunner().invoke(
        main, ["annotate", str(unchanged), "-o", str(out), "--as-of", AS_OF]
    )
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    for line in result.output.splitlines():
        if "not annotated" in line:
            assert line.split("not annotated: ", 1)[1], line  # a reason is given
    original = check_json(unchanged)
    annotated = check_json(out)
    assert len(annotated) > 200
    for name, found in annotated.items():
        assert found == original[name], name


def test_approve_dry_run_and_compare_leave_the_corpus_alone(
    unchanged: Path,  # noqa: F811
) -> None:
    runner = CliRunner()
    files = [str(p) for p in documents(unchanged)]
    for start in range(0, len(files), 50):
        result = runner.invoke(
            main, ["approve", *files[start : start + 50], "--date", "2026-11-30", "--dry-run"]
        )
        assert result.exit_code in (0, 1)
        assert result.exception is None or isinstance(result.exception, SystemExit)
    seeds = sorted(POLICIES.glob("*.docx"))
    result = runner.invoke(main, ["compare", str(seeds[0]), str(seeds[1]), "--format", "json"])
    assert result.exit_code in (0, 1)
    assert json.loads(result.output)["sections"]
