"""The incremental cache: hits, what invalidates an entry, corrupt entries, shared runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykit.parsing
from policykit import cache
from policykit._version import __version__
from policykit.checking import CheckReport, check
from policykit.cli import main

from .test_check import AS_OF, SRC, write_policy


class Counter:
    """Wraps ``parse_document`` to count the documents actually parsed (jobs=1: in-process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = policykit.parsing.parse_document

        def counting(source: object, kind: object = None) -> object:
            self.calls += 1
            return real(source)  # type: ignore[arg-type]

        monkeypatch.setattr(policykit.parsing, "parse_document", counting)

    def take(self) -> int:
        calls, self.calls = self.calls, 0
        return calls


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    root = tmp_path / "trust"
    write_policy(root / "oakfield" / "cohesion.docx")
    write_policy(root / "oakfield" / "lapsed.docx", approved="March 2019", review="March 2020")
    write_policy(root / "elm" / "cohesion.docx", school="Elm Primary School")
    return root


def run(paths: list[Path] | Path, cache_dir: Path | None, **kwargs: object) -> CheckReport:
    kwargs.setdefault("as_of", AS_OF)
    return check(paths, cache_dir=cache_dir, **kwargs)  # type: ignore[arg-type]


def as_json(report: CheckReport) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


def keys(report: CheckReport) -> list[list[str]]:
    """The findings' stable keys (baselines and SARIF fingerprints use them)."""
    return [[f.key for f in d.findings] for d in report.documents]


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.json"))


# --------------------------------------------------------------------------- hits


def test_a_second_run_is_served_from_the_cache_and_says_the_same(
    trust: Path, tmp_path: Path, parses: Counter
) -> None:
    cache_dir = tmp_path / "cache"
    uncached = run(trust, None)
    assert parses.take() == 3
    first = run(trust, cache_dir)
    assert parses.take() == 3
    assert len(entries(cache_dir)) == 3
    second = run(trust, cache_dir)
    assert parses.take() == 0
    assert as_json(first) == as_json(second) == as_json(uncached)
    assert keys(second) == keys(uncached)
    assert [d.approved for d in second.documents] == [d.approved for d in uncached.documents]


def test_a_run_served_from_the_cache_never_loads_the_reader(trust: Path, tmp_path: Path) -> None:
    # A re-check of unchanged documents costs a read and a hash a file: it must not pay
    # for importing the .docx reader and the recognition either (a fresh process each).
    cache_dir = tmp_path / "cache"
    script = (
        "import sys; from policykit.checking import check; "
        f"check([{str(trust)!r}], cache_dir={str(cache_dir)!r}, as_of={AS_OF!r}); "
        "print(sorted(m for m in sys.modules if m.startswith(('policykit.docx', "
        "'policykit.recognise'))))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert all(r.returncode == 0 for r in runs), runs
    assert "policykit.docx.reader" in runs[0].stdout  # the first run reads the documents
    assert runs[1].stdout.strip() == "[]"


def test_the_cache_folder_is_tagged_and_ignored_by_git(trust: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir)
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert (cache_dir / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_copy_of_a_document_elsewhere_is_not_checked_again(
    trust: Path, tmp_path: Path, parses: Counter
) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir)
    parses.take()
    copy = tmp_path / "other-school" / "cohesion.docx"
    copy.parent.mkdir()
    shutil.copy(trust / "oakfield" / "cohesion.docx", copy)
    report = run(copy, cache_dir)
    assert parses.take() == 0
    assert report.documents[0].path == str(copy)


# --------------------------------------------------------------------------- what invalidates


def test_a_changed_document_is_checked_again_and_only_that_one(
    trust: Path, tmp_path: Path, parses: Counter
) -> None:
    cache_dir = tmp_path / "cache"
    before = run(trust, cache_dir)
    parses.take()
    changed = trust / "oakfield" / "cohesion.docx"
    write_policy(changed, approved="March 2015", review="March 2016")
    after = run(trust, cache_dir)
    assert parses.take() == 1
    by_path = {d.path: d for d in after.documents}
    assert by_path[str(changed)].status == "lapsed"
    assert any(f.code == "PK201" for f in by_path[str(changed)].findings)
    assert as_json(after) == as_json(run(trust, None))
    assert as_json(after) != as_json(before)


def test_touching_a_document_without_changing_it_keeps_its_entry(
    trust: Path, tmp_path: Path, parses: Counter
) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir)
    parses.take()
    doc = trust / "elm" / "cohesion.docx"
    os.utime(doc, (1_000_000_000, 1_000_000_000))
    run(trust, cache_dir)
    assert parses.take() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "2030-01-01"},
        {"select": ["PK2"]},
        {"ignore": ["PK303"]},
        {"due_soon_days": 400},
    ],
    ids=["as-of", "select", "ignore", "due-soon-days"],
)
def test_a_changed_configuration_checks_everything_again(
    trust: Path, tmp_path: Path, parses: Counter, change: dict[str, object]
) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir)
    parses.take()
    changed = run(trust, cache_dir, **change)
    assert parses.take() == 3
    assert as_json(changed) == as_json(run(trust, None, **change))
    parses.take()
    run(trust, cache_dir, **change)  # and the new configuration is kept too
    assert parses.take() == 0
    run(trust, cache_dir)  # the old one is still there
    assert parses.take() == 0


def test_a_configuration_file_change_invalidates_only_the_documents_under_it(
    trust: Path, tmp_path: Path, parses: Counter
) -> None:
    cache_dir = tmp_path / "cache"
    (trust / "elm" / "policykit.toml").write_text('ignore = ["PK204"]\n')
    run(trust, cache_dir)
    parses.take()
    (trust / "elm" / "policykit.toml").write_text(
        'ignore = ["PK204"]\n[severity]\nPK303 = "info"\n'
    )
    report = run(trust, cache_dir)
    assert parses.take() == 1  # elm's document; oakfield's configuration did not change
    assert as_json(report) == as_json(run(trust, None))


def test_per_path_ignores_are_part_of_the_key(trust: Path, tmp_path: Path, parses: Counter) -> None:
    cache_dir = tmp_path / "cache"
    (trust / "policykit.toml").write_text('[per-path-ignores]\n"oakfield/*" = ["PK2"]\n')
    first = run(trust, cache_dir)
    parses.take()
    copy = trust / "elm" / "lapsed.docx"
    shutil.copy(trust / "oakfield" / "lapsed.docx", copy)  # the same bytes, other rules
    report = run(trust, cache_dir)
    assert parses.take() == 1
    by_name = {Path(d.path).relative_to(trust).as_posix(): d for d in report.documents}
    assert not any(f.code.startswith("PK2") for f in by_name["oakfield/lapsed.docx"].findings)
    assert any(f.code == "PK201" for f in by_name["elm/lapsed.docx"].findings)
    assert len([d for d in first.documents if d.status != "school"]) == 3


def test_another_policykit_build_does_not_see_the_entries(
    trust: Path, tmp_path: Path, parses: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir)
    parses.take()
    monkeypatch.setattr(cache, "__version__", "999.0")
    run(trust, cache_dir)
    assert parses.take() == 3
    assert (cache_dir / "999.0").is_dir()


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{",
        b"\x00\xff\xfe",
        b'{"format": 1}',
        b'{"format": 1, "findings": [[1]]}',
        b"[]",
        json.dumps({"format": 99}).encode(),
    ],
    ids=["empty", "truncated", "binary", "missing-keys", "bad-finding", "list", "other-format"],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(
    trust: Path, tmp_path: Path, parses: Counter, garbage: bytes
) -> None:
    cache_dir = tmp_path / "cache"
    expected = as_json(run(trust, cache_dir))
    parses.take()
    for entry in entries(cache_dir):
        entry.write_bytes(garbage)
    assert as_json(run(trust, cache_dir)) == expected
    assert parses.take() == 3
    run(trust, cache_dir)
    assert parses.take() == 0


def test_bugs_are_not_kept(trust: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"

    def broken(source: object, kind: object = None) -> object:
        raise KeyError("w:val")

    with monkeypatch.context() as patch:
        patch.setattr(policykit.parsing, "parse_document", broken)
        report = run(trust, cache_dir)
    assert all(d.error is not None and d.error.code == "PK000" for d in report.documents)
    assert entries(cache_dir) == []
    assert all(d.error is None for d in run(trust, cache_dir).documents)


def test_unreadable_documents_are_kept_with_their_error(tmp_path: Path, parses: Counter) -> None:
    cache_dir = tmp_path / "cache"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "broken.docx").write_bytes(b"not a zip")
    first = run(tmp_path / "docs", cache_dir)
    second = run(tmp_path / "docs", cache_dir)
    assert parses.take() == 1
    assert second.documents[0].error is not None
    assert second.documents[0].error.code == "PK001"
    assert as_json(first) == as_json(second)


def test_an_unusable_cache_folder_is_a_warning_not_a_failure(trust: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.warns(RuntimeWarning, match="cannot be used"):
        report = run(trust, blocker / "cache")
    assert as_json(report) == as_json(run(trust, None))


def test_entries_of_a_parallel_run_are_the_same(trust: Path, tmp_path: Path) -> None:
    for i in range(4):
        write_policy(trust / "more" / f"p{i}.docx", school=f"School {i} Primary School")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    run(trust, serial, jobs=1)
    run(trust, parallel, jobs=2)
    names = [p.relative_to(serial) for p in entries(serial)]
    assert names == [p.relative_to(parallel) for p in entries(parallel)]
    assert all((serial / n).read_bytes() == (parallel / n).read_bytes() for n in names)
    assert as_json(run(trust, parallel, jobs=2)) == as_json(run(trust, None))


def _cli(*args: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop(cache.ENV_CACHE_DIR, None)
    return subprocess.Popen(
        [sys.executable, "-m", "policykit", "check", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
    )


@pytest.mark.slow
def test_two_runs_sharing_a_cache_at_once(trust: Path, tmp_path: Path) -> None:
    for i in range(12):
        write_policy(
            trust / "more" / f"p{i:02d}.docx",
            school=f"School {i} Primary School",
            approved=f"March {2010 + i}",
            review=f"March {2013 + i}",
        )
    cache_dir = tmp_path / "shared-cache"
    args = (
        str(trust),
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--cache-dir",
        str(cache_dir),
        "--jobs",
        "1",
    )
    runs = [_cli(*args), _cli(*args), _cli(*args, "--jobs", "2")]
    outputs = [p.communicate(timeout=300) for p in runs]
    assert [p.returncode for p in runs] == [1, 1, 1], [err.decode() for _, err in outputs]
    expected = json.dumps(run(trust, None).to_dict(), sort_keys=True)
    for out, _err in outputs:
        assert json.dumps(json.loads(out), sort_keys=True) == expected
    assert not list(cache_dir.rglob("*.part"))  # no temporary file left behind
    assert len(entries(cache_dir)) == 15
    again = _cli(*args)
    out, _ = again.communicate(timeout=300)
    assert json.dumps(json.loads(out), sort_keys=True) == expected


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv(cache.ENV_CACHE_DIR, raising=False)
    yield work


def _check(*args: str) -> int:
    result = CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF, "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


def test_the_cli_caches_in_the_users_cache_folder_by_default(
    trust: Path, in_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = sorted(p.name for p in in_folder.iterdir())
    _check(str(trust))
    assert len(entries(tmp_path / "xdg" / "policykit")) == 3
    assert sorted(p.name for p in in_folder.iterdir()) == before  # nothing left here


def test_no_cache_reads_and_writes_no_cache(trust: Path, in_folder: Path, parses: Counter) -> None:
    _check(str(trust), "--no-cache")
    assert not (in_folder / ".policykit_cache").exists()
    _check(str(trust))
    parses.take()
    _check(str(trust), "--no-cache")
    assert parses.take() == 3  # an existing cache is not read either


def test_cache_dir_option_and_environment(
    trust: Path, in_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _check(str(trust), "--cache-dir", str(tmp_path / "here"))
    assert len(entries(tmp_path / "here")) == 3
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(tmp_path / "from-env"))
    _check(str(trust))
    assert len(entries(tmp_path / "from-env")) == 3
    assert not (in_folder / ".policykit_cache").exists()


def test_default_folder_is_the_users_cache_or_the_configured_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv(cache.ENV_CACHE_DIR, raising=False)
    users = platformdirs.user_cache_dir("policykit", appauthor=False)
    project = tmp_path / "project"
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert cache.default_cache_dir(deep) == users
    (project / "pyproject.toml").write_text("[tool.policykit]\nignore = ['PK303']\n")
    assert cache.default_cache_dir(deep) == users  # configuration without cache-dir
    (project / "pyproject.toml").write_text("[tool.policykit]\ncache-dir = '../kept'\n")
    assert cache.default_cache_dir(deep) == str(tmp_path / "kept")
    (project / "a" / "policykit.toml").write_text("")
    assert cache.default_cache_dir(deep) == users  # the nearest configuration says nothing


def test_configuration_folders_long_unused_are_pruned(trust: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    run(trust, cache_dir, as_of="2026-01-01")
    old = [p for p in (cache_dir / __version__).iterdir() if p.is_dir()]
    assert len(old) == 1
    stamp = 1_000_000_000
    os.utime(old[0] / ".last-used", (stamp, stamp))
    run(trust, cache_dir)  # another as-of date: another configuration
    folders = [p for p in (cache_dir / __version__).iterdir() if p.is_dir()]
    assert old[0] not in folders and len(folders) == 1


def test_pruning_never_touches_folders_the_cache_did_not_make(trust: Path, tmp_path: Path) -> None:
    home = tmp_path / "someone's folder"
    old_files = [home / "letters" / "2019" / "a.txt", home / "0123456789abcdef01234567" / "x" / "b"]
    for path in old_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me")
    stamp = 1_000_000_000
    for path in [*old_files, *(p for f in old_files for p in f.parents if home in p.parents)]:
        os.utime(path, (stamp, stamp))
    run(trust, home)  # --cache-dir pointed at a folder holding other things
    assert all(path.read_text() == "keep me" for path in old_files)


# --------------------------------------------------------------------------- streamed report


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_json_report_written_as_documents_arrive_is_the_writers_byte_for_byte(
    trust: Path, tmp_path: Path, jobs: str
) -> None:
    from policykit.reports import ReportOptions, render
    from policykit.rules.registry import default_registry

    write_policy(trust / "oakfield" / "unicode.docx", school="Ysgol Gymraeg Bro Ddyfi — “Ysgol”")
    (trust / "broken.docx").write_bytes(b"not a zip")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(trust),
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--jobs",
            jobs,
            "--no-cache",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1, result.output
    expected = render("json", run(trust, None), ReportOptions(default_registry()))
    assert out.read_text(encoding="utf-8") == expected


def test_the_json_report_of_no_documents(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a policy")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--format", "json", "--as-of", AS_OF, "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == []
    assert result.output.startswith('{\n  "as_of": "2026-11-22",\n  "documents": [],\n')


def test_a_baseline_applies_to_each_document_as_it_arrives(trust: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    wrote = runner.invoke(
        main,
        [
            "check",
            str(trust),
            "--as-of",
            AS_OF,
            "--jobs",
            "2",
            "--no-cache",
            "--write-baseline",
            str(baseline),
        ],
    )
    assert wrote.exit_code == 0, wrote.output
    again = runner.invoke(
        main,
        [
            "check",
            str(trust),
            "--as-of",
            AS_OF,
            "--jobs",
            "2",
            "--format",
            "json",
            "--baseline",
            str(baseline),
            "--no-cache",
        ],
    )
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert all(d["findings"] == [] for d in data["documents"])
    assert data["summary"]["baselined"] > 0
