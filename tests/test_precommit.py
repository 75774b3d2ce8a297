"""The pre-commit hook (``.pre-commit-hooks.yaml``) runs in a repository of policies.

``pre-commit try-repo`` installs this checkout into pre-commit's own
environment (pip builds it from the local path) and runs the hook on the files
given, as a policies repository using ``repo: <this checkout>`` would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_check import write_policy

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_the_hook_checks_changed_policies_in_a_policies_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit try-repo needs one")
    repo = tmp_path / "policies"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "policykit.toml").write_text("as_of = 2026-11-22\n", encoding="utf-8")
    write_policy(repo / "good.docx")
    write_policy(repo / "lapsed.docx", approved="March 2020", review="March 2023")
    (repo / "notes.txt").write_text("not a policy\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "policykit-check",
             "--files", *files],
            cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip

    failed = hook("lapsed.docx", "notes.txt")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "lapsed.docx" in failed.stdout and "PK201 review-lapsed" in failed.stdout
    assert "notes.txt" not in failed.stdout
    passed = hook("good.docx", "notes.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "policykit check" in passed.stdout and "Passed" in passed.stdout
