"""What ``check`` writes never destroys what it reads, and an interrupted run leaves no mess.

Each test here is a fault a careful administrator found (issue 13): a report
written over the policy it checked, a pipe replaced by a file, workers and
temporary files left behind by Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.files import atomic_file, read_small, write_atomic

from .conftest import EXAMPLES

SEED = EXAMPLES / "john-clifford.docx"
DOCS = 24  # enough that most runs are still going when the signal comes, small enough to be quick


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """A school's folder of two policies."""
    folder = tmp_path / "Oak School"
    folder.mkdir()
    shutil.copy(SEED, folder / "Community Cohesion.docx")
    shutil.copy(EXAMPLES / "wootton-park.docx", folder / "Cohesion 2016.docx")
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# --------------------------------------------------------------------------- outputs onto inputs


@pytest.mark.parametrize("flag", ["--output", "--write-baseline"])
def test_an_output_onto_the_document_checked_is_refused(share: Path, flag: str) -> None:
    policy = share / "Community Cohesion.docx"
    before = policy.read_bytes()
    code, out = _run("check", str(policy), "--format", "json", flag, str(policy))
    assert code == 2
    assert "refusing to write there" in out and "a document being checked" in out
    assert policy.read_bytes() == before


def test_an_output_onto_any_document_of_a_checked_folder_is_refused(share: Path) -> None:
    other = share / "Cohesion 2016.docx"
    before = other.read_bytes()
    code, out = _run("check", str(share), "-o", str(other))
    assert code == 2 and "a document being checked" in out
    assert other.read_bytes() == before


def test_an_output_through_a_link_to_a_document_is_refused(share: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.json"
    link.symlink_to(share / "Cohesion 2016.docx")
    before = (share / "Cohesion 2016.docx").read_bytes()
    code, _out = _run("check", str(share), "--format", "json", "-o", str(link))
    assert code == 2
    assert (share / "Cohesion 2016.docx").read_bytes() == before


def test_a_missing_output_is_told_from_documents_by_where_it_resolves(
    share: Path, tmp_path: Path
) -> None:
    from policykit.checking import output_conflict

    report = tmp_path / "out" / "report.json"
    (tmp_path / "out").mkdir()
    documents = [str(p) for p in share.iterdir()]
    # No file is there: no existing document can be it, and the run may write it.
    assert output_conflict(str(report), [], documents) is None
    # A listed document that names no file either, by another spelling of the same
    # path, is still the output.
    roundabout = str(tmp_path / "out" / ".." / "out" / "report.json")
    why = output_conflict(str(report), [], [*documents, roundabout])
    assert why is not None and "a document being checked" in why


def test_a_new_file_named_like_a_document_inside_a_checked_folder_is_refused(
    share: Path,
) -> None:
    code, out = _run("check", str(share), "-o", str(share / "report.docx"))
    assert code == 2 and "named like a policy document" in out
    assert not (share / "report.docx").exists()


def test_the_configuration_and_the_baseline_are_not_overwritten(
    share: Path, tmp_path: Path
) -> None:
    config = share / "policykit.toml"
    config.write_text("[tool.policykit]\nignore = ['PK204']\n", encoding="utf-8")
    code, out = _run("check", str(share), "-o", str(config))
    assert code == 2 and "configuration" in out
    assert "PK204" in config.read_text(encoding="utf-8")

    baseline = tmp_path / "baseline.json"
    assert _run("check", str(share), "--write-baseline", str(baseline))[0] == 0
    kept = baseline.read_bytes()
    code, out = _run("check", str(share), "--baseline", str(baseline), "-o", str(baseline))
    assert code == 2 and "which this run reads" in out
    assert baseline.read_bytes() == kept


def test_a_report_beside_the_policies_is_still_allowed(share: Path) -> None:
    code, _out = _run("check", str(share), "--format", "json", "-o", str(share / "report.json"))
    assert code == 1  # findings; the report was written
    assert json.loads((share / "report.json").read_text(encoding="utf-8"))["documents"]


# --------------------------------------------------------------------------- pipes and devices


def test_a_fifo_output_is_written_into_not_replaced(share: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    code = subprocess.run(
        [
            sys.executable,
            "-m",
            "policykit",
            "check",
            str(share),
            "--format",
            "json",
            "--no-cache",
            "-o",
            str(fifo),
        ],
        capture_output=True,
        timeout=120,
    ).returncode
    reader.join(30)
    assert code == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a regular file
    assert json.loads(received[0])["documents"]


def test_dash_is_standard_output(share: Path) -> None:
    code, out = _run("check", str(share), "--format", "json", "--no-cache", "-o", "-")
    assert code == 1
    assert json.loads(out)["documents"]


def test_atomic_file_keeps_a_device_and_writes_through_it() -> None:
    with atomic_file("/dev/null") as handle:
        handle.write("nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_write_atomic_keeps_an_existing_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["register.csv"]


def test_an_exception_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write("half")
        raise RuntimeError
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# --------------------------------------------------------------------------- small files


def test_read_small_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_small(fifo)


def test_read_small_refuses_an_endless_device(tmp_path: Path) -> None:
    link = tmp_path / "data.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(OSError, match="not a regular file"):
        read_small(link)


def test_read_small_refuses_a_large_file_and_a_link_when_asked(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(OSError, match="too large"):
        read_small(big, limit=1024)
    link = tmp_path / "link"
    link.symlink_to(big)
    assert read_small(link) == b"x" * 2048
    with pytest.raises(OSError, match="symbolic link"):
        read_small(link, follow_links=False)


# --------------------------------------------------------------------------- signals


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def big_share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "policies"
    folder.mkdir()
    for n in range(DOCS):
        shutil.copy(SEED if n % 2 else EXAMPLES / "wootton-park.docx", folder / f"p{n:02}.docx")
    return folder


def _temporary_files(*folders: Path) -> list[str]:
    return [str(p) for f in folders for p in f.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_parallel_check_interrupted_at_random_moments_leaves_no_mess(
    big_share: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    """20 runs of ``check --jobs 2 -o report.json``, each stopped at a random moment.

    From the interpreter's start to the report's rename: every time, no process
    is left, no temporary file (beside the report, in the folder checked, in the
    cache being written), the folder is as it was, and the report is either the
    previous one or a complete new one; the exit is 128 + the signal (or 0/1
    when the run finished first, which some runs must not do).
    """
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    cache_home = tmp_path / "cache"
    report = out_dir / "report.json"
    folder_before = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in big_share.iterdir()
    )
    chooser = random.Random(20261204 + signum)
    outcomes = {"interrupted": 0, "finished": 0}

    def start(attempt: int, marker: str) -> subprocess.Popen[bytes]:
        # Odd attempts read and write the cache (kept results make them quicker), even
        # ones check every document afresh.
        cache = ["--no-cache"] if attempt % 2 == 0 else []
        return subprocess.Popen(
            [sys.executable, "-m", "policykit", "check", str(big_share), "--jobs", "2",
             "--format", "json", "--no-progress", *cache, marker, "-o", str(report)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
        )  # fmt: skip

    # How long a whole run takes here (not asserted): the signals come within it.
    began = time.monotonic()
    assert start(0, "--as-of=2026-11-30").wait(timeout=120) == 1
    whole = time.monotonic() - began
    for attempt in range(20):
        report.write_text("PREVIOUS", encoding="utf-8")
        marker = f"--as-of=2026-11-{(attempt % 28) + 1:02}"
        proc = start(attempt, marker)
        # Some attempts stop it while it starts (after the interpreter's own start: before
        # policykit's first line runs, Ctrl-C is Python's), most while it works, some
        # while it writes the report; some finish first.
        time.sleep(chooser.uniform(0.1, max(0.5, whole * 1.1)))
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
        code = proc.returncode
        time.sleep(0.1)
        assert _processes_mentioning(marker) == [], f"attempt {attempt}: processes left"
        assert sorted(p.name for p in out_dir.iterdir()) == ["report.json"], attempt
        assert _temporary_files(big_share, cache_home) == [], attempt
        now = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in big_share.iterdir())
        assert now == folder_before, attempt
        text = report.read_text(encoding="utf-8")
        if code in (0, 1):  # the run ended before the signal arrived
            outcomes["finished"] += 1
            assert text != "PREVIOUS", (attempt, code, err.decode())
            assert len(json.loads(text)["documents"]) == DOCS
            continue
        outcomes["interrupted"] += 1
        assert code in (128 + signum, -signum), (attempt, code, err)
        assert b"Traceback" not in err, err.decode()
        if text != "PREVIOUS":  # renamed into place just before the signal: complete
            assert len(json.loads(text)["documents"]) == DOCS
    assert outcomes["interrupted"] >= 8, outcomes
    print(f"{signal.Signals(signum).name}: {outcomes} (a whole run: {whole:.1f} s)")


def test_generate_data_that_is_a_pipe_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "schools.csv"
    os.mkfifo(fifo)
    code, out = _run(
        "generate", "community-cohesion", "--data", str(fifo), "--out-dir", str(tmp_path / "out")
    )
    assert code != 0 and "not a regular file" in out
