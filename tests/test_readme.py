"""README's examples are true: its ```console blocks are run and compared, like doctests.

Each ``$ command`` line of a console block runs (in bash, in a temporary
folder holding a copy of the repository's ``examples/``), and the lines after
it up to the next ``$`` line are its expected output. A line ``...`` stands
for any number of omitted lines (like doctest's ELLIPSIS). ``$ cat NAME`` of
a file the folder lacks first writes the lines shown as that file (README shows
the input it then uses). A block preceded by
an HTML comment ``<!-- not-tested: reason -->`` is skipped. README's Python
``>>>`` block runs as a doctest.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
NOT_TESTED = re.compile(r"<!--\s*not-tested:\s*(?P<reason>.+?)\s*-->\s*$")
MARK = "@@policykit-readme-end@@"


@dataclass(frozen=True)
class Block:
    language: str
    line: int  # where the block starts in README
    text: str
    skip: str | None  # the reason, when the block opts out


def blocks(text: str) -> list[Block]:
    """README's fenced blocks, with the reason of a ``not-tested`` marker before each."""
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = NOT_TESTED.search(before)
        found.append(
            Block(
                language=match.group(1),
                line=text.count("\n", 0, match.start()) + 1,
                text=match.group(2),
                skip=marker.group("reason") if marker else None,
            )
        )
    return found


def commands(block: str) -> list[tuple[str, list[str]]]:
    """The ``$ command`` lines of a console block, each with its expected output lines."""
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
        else:
            raise AssertionError(f"output before any '$ ' command: {line!r}")
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Do the actual lines match the expected ones, where a ``...`` line is any lines?"""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def _environment() -> dict[str, str]:
    """This environment with this Python's scripts (``policykit``) first on the PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_block(block: str, cwd: Path) -> list[list[str]]:
    """Run a block's commands in one bash, in order; each command's output lines."""
    script = "exec 2>&1\n" + "".join(
        f"{command}\n__status=$?\nprintf '%s\\n' '{MARK}'\n(exit $__status)\n"
        for command, _ in commands(block)
    )
    env = _environment()
    env["COLUMNS"] = "200"
    env["PYTHONUNBUFFERED"] = "1"  # stdout and stderr interleaved as on a terminal
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc"],
        input=script,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    pieces = done.stdout.split(MARK + "\n")
    return [piece.splitlines() for piece in pieces[:-1]]


README_TEXT = README.read_text(encoding="utf-8")
CONSOLE = [b for b in blocks(README_TEXT) if b.language == "console"]


def test_the_readme_has_console_blocks_that_run() -> None:
    assert [b for b in CONSOLE if b.skip is None], "README shows no tested console block"


@pytest.mark.parametrize("block", CONSOLE, ids=[f"README.md:{b.line}" for b in CONSOLE])
def test_readme_console_block(block: Block, tmp_path: Path) -> None:
    if block.skip is not None:
        pytest.skip(f"README.md:{block.line} not tested: {block.skip}")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for command, shown in commands(block.text):
        name = command.removeprefix("cat ").strip()
        if command.startswith("cat ") and " " not in name and not (tmp_path / name).exists():
            (tmp_path / name).write_text("".join(line + "\n" for line in shown), encoding="utf-8")
    outputs = run_block(block.text, tmp_path)
    wanted = commands(block.text)
    assert len(outputs) == len(wanted), outputs
    for (command, expected), actual in zip(wanted, outputs, strict=True):
        assert matches(expected, actual), (
            f"README.md:{block.line}: `{command}` printed:\n" + "\n".join(actual)
        )


def test_readme_python_block_is_true(monkeypatch: pytest.MonkeyPatch) -> None:
    python = [b for b in blocks(README_TEXT) if b.language == "python" and ">>>" in b.text]
    assert python, "README shows no Python example"
    monkeypatch.chdir(ROOT)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for block in python:
        test = parser.get_doctest(block.text, {}, f"README.md:{block.line}", str(README), 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_ellipsis_stands_for_any_lines_and_only_there() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a", "...", "d"], ["a", "b"])


def test_a_marked_block_opts_out() -> None:
    text = "x\n<!-- not-tested: needs a share -->\n```console\n$ ls\n```\n\n```console\n$ ls\n```\n"
    assert [b.skip for b in blocks(text)] == ["needs a share", None]


def test_get_started_installs_then_writes_each_output_from_the_examples(tmp_path: Path) -> None:
    """README's first commands: an install, then the main job on the bundled examples."""
    start = README_TEXT[README_TEXT.index("## Get started") :]
    block = next(b for b in blocks(start) if b.language == "sh")
    install, *jobs = block.text.splitlines()
    assert install.startswith("pip install")
    assert jobs, "Get started shows no job after the install"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    before = sorted(p.name for p in (tmp_path / "examples").iterdir())
    env = _environment()
    for job in jobs:
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-c", job],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        written = re.search(r"-o\s+(\S+)", job)
        assert written, f"{job!r} names no output"
        output = tmp_path / written.group(1)
        assert output.stat().st_size > 1000, job
    assert sorted(p.name for p in (tmp_path / "examples").iterdir()) == before
