"""Shared fixtures: where ../shared is, and skips that CI turns into failures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests' caches and backups go to a folder of their own, never the user's.
_HOME = tempfile.mkdtemp(prefix="policykit-tests-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ.setdefault("XDG_CACHE_HOME", os.path.join(_HOME, "cache"))
os.environ.setdefault("XDG_DATA_HOME", os.path.join(_HOME, "data"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
POLICIES = CORPUS / "policies"
WILD = CORPUS / "wild"
EXAMPLES = ROOT / "examples"


def need_shared() -> Path:
    """The shared corpus, or a skip (a failure when POLICYKIT_REQUIRE_SHARED=1, as in CI)."""
    if CORPUS.is_dir():
        return CORPUS
    message = f"the shared corpus is not beside this clone ({CORPUS})"
    if os.environ.get("POLICYKIT_REQUIRE_SHARED") == "1":
        pytest.fail(message)
    pytest.skip(message)


def need_tool(name: str) -> str:
    """An external program (pandoc, soffice), or a skip (a failure in CI)."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed"
    if os.environ.get("POLICYKIT_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def shared_corpus() -> Path:
    return need_shared()


@pytest.fixture
def seed_policies() -> dict[str, Path]:
    need_shared()
    return {p.stem: p for p in POLICIES.glob("*.docx")}


from .browser import browser  # noqa: E402, F401  (a session fixture)
from .docgen.fixtures import generated_policies  # noqa: E402, F401  (a session fixture)


@pytest.fixture(autouse=True)
def _own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test its own user cache and data folder (results kept, backups of documents)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
