"""Time this tree's ``check --jobs 1`` side by side with another commit's.

``python -m bench.against REF [--n 2000] [--repeat 3] [--jobs 1]``, from the
repository root. Exports REF's ``src/`` and ``schemas/`` (``git archive``) into a
temporary folder, then times ``policykit check --format json --no-cache`` from REF and
from the working tree on the same generated corpus (:mod:`bench.corpus`), alternating
(REF, here, REF, here ...) so that a burst of other work on the machine hurts both
alike; it also prints the CPU ratio of each such pair (median and range), which shows
how noisy the machine was. It prints both figures, the change, and how many documents
and findings each reported: a change that reads faster by reading less shows there.
Both sides run from compiled bytecode (kept in the temporary folder, compiled by an
untimed first run), as an installed policykit does, even where
``PYTHONDONTWRITEBYTECODE`` is set. It prints the CPU time (user + system, the least
of the runs) beside the wall time: on a machine shared with other work the wall time
of one run can double, its CPU time much less so.

``--instructions`` also runs each side once under valgrind's callgrind (both at
once; valgrind must be installed) and prints the instructions each executed: the
figure another guest on the host cannot move (the same code counted twice differs
by under 0.2%: addresses and temporary names differ between runs). It is slow
(valgrind runs Python about fifty times slower: some minutes at 2,000 documents),
and it is not the CPU time: code that runs a wider spread of the interpreter's
paths pays more in cache misses than its count of instructions says.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

if not __package__:  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import ROOT, documents, make_corpus
from bench.run import Measurement, _env, _report_facts, best, compiled, measure, warm_up


def _export(ref: str, into: Path) -> str:
    """REF's src/ and schemas/ under INTO; returns the commit's short name."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha, "src", "schemas"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return sha


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.against", description=__doc__)
    parser.add_argument("ref", help="the commit to compare with, e.g. origin/main or a sha")
    parser.add_argument("--n", type=int, default=2000, help="documents in the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    parser.add_argument("--jobs", type=int, default=1, help="policykit's --jobs for both")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each side's instructions once under valgrind (slow; exact)",
    )
    args = parser.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")

    corpus = make_corpus(args.n)
    paths = documents(corpus)
    for path in paths:  # read every file once, so neither side pays for the disk first
        path.read_bytes()
    here_env = _env()
    with tempfile.TemporaryDirectory(prefix="policykit-against-") as tmp:
        work = Path(tmp)
        base = work / "base"
        sha = _export(args.ref, base)
        base_env = dict(here_env)
        base_env["PYTHONPATH"] = os.pathsep.join((str(base / "src"), str(ROOT)))
        sides = {
            f"{args.ref} ({sha})": compiled(base_env, work / "pycache-base"),
            "this tree": compiled(here_env, work / "pycache-here"),
        }
        for env in sides.values():  # each side's bytecode compiled once, as an install does
            warm_up(env, work, paths[0])
        runs: dict[str, list[Measurement]] = {name: [] for name in sides}
        facts: dict[str, dict[str, object]] = {}
        for _ in range(args.repeat):
            for name, env in sides.items():
                report = work / "report.json"
                print(f"bench: {name}", file=sys.stderr, flush=True)
                m = measure(_check(corpus, report, args.jobs), env, cwd=work)
                runs[name].append(m)
                facts[name] = _report_facts(report, m)
                report.unlink(missing_ok=True)
        counted = _instructions(sides, corpus, args.jobs, work) if args.instructions else {}

    print(f"`policykit check --format json --jobs {args.jobs} --no-cache`, {len(paths)} documents")
    print()
    print(
        "| code | seconds (fastest) | slowest | CPU seconds (least) | documents/s "
        "| documents | findings |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    fastest: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, measured in runs.items():
        m = best(measured)
        fastest[name] = m.seconds
        cpu[name] = min(x.cpu for x in measured)
        f = facts[name]
        print(
            f"| {name} | {m.seconds:.2f} | {max(x.seconds for x in measured):.2f} | "
            f"{cpu[name]:.2f} | {len(paths) / m.seconds:,.0f} | {f.get('documents', '?')} | "
            f"{f.get('findings', '?')} |"
        )
    print()
    for what, figures in (("time", fastest), ("CPU time", cpu)):
        old, new = figures.values()
        change = (new / old - 1) * 100
        print(f"this tree takes {new / old:.3f}x the {what} of {args.ref} ({change:+.1f}%)")
    # Each repeat ran the two side by side: the CPU ratio of each pair shows how much of a
    # change is the machine's noise (another guest on the host slows both, not always alike).
    base_runs, here_runs = runs.values()
    pairs = sorted(h.cpu / b.cpu for b, h in zip(base_runs, here_runs, strict=True) if b.cpu)
    if pairs:
        median = statistics.median(pairs)
        print(
            f"CPU time of each side-by-side pair: median {median:.3f}x "
            f"({(median - 1) * 100:+.1f}%), from {pairs[0]:.3f}x to {pairs[-1]:.3f}x "
            f"over {len(pairs)} pairs"
        )
    if counted:
        print()
        for name, count in counted.items():
            print(f"instructions ({name}): {count:,}" if count else f"{name}: not counted")
        old_count, new_count = counted.values()
        if old_count and new_count:
            change = (new_count / old_count - 1) * 100
            print(
                f"this tree executes {new_count / old_count:.3f}x the instructions of "
                f"{args.ref} ({change:+.1f}%)"
            )
    return 0


def _check(corpus: Path, report: Path, jobs: int) -> list[str]:
    """The command both sides run: ``check`` of the corpus as JSON, without the cache."""
    return [sys.executable, "-m", "policykit", "check", str(corpus), "--format", "json",
            "--output", str(report), "--no-progress", "--no-cache", "--exit-zero",
            "--jobs", str(jobs)]  # fmt: skip


_COLLECTED = re.compile(r"Collected : (\d+)")


def _instructions(
    sides: dict[str, dict[str, str]], corpus: Path, jobs: int, work: Path
) -> dict[str, int | None]:
    """Each side's instructions, counted once under callgrind, the sides at the same time.

    Counted over every process of the run (``--trace-children``: with ``--jobs`` above
    one, the workers' instructions too). None for a side whose count was not printed.
    """
    started: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
    for i, (name, env) in enumerate(sides.items()):
        print(f"bench: {name} under callgrind", file=sys.stderr, flush=True)
        log = work / f"callgrind-{i}.log"
        cmd = [
            "valgrind", "--tool=callgrind", "--trace-children=yes",
            "--callgrind-out-file=/dev/null",  # (only the count is wanted: no profile kept)
            f"--log-file={log}.%p",
            *_check(corpus, work / f"report-{i}.json", jobs),
        ]  # fmt: skip
        # (one hash seed for both: string hashing seeded at random moves the count a little)
        seeded = {**env, "PYTHONHASHSEED": "0"}
        process = subprocess.Popen(
            cmd, env=seeded, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started[name] = (process, log)
    counted: dict[str, int | None] = {}
    for name, (process, log) in started.items():
        process.wait()
        total = [
            int(m.group(1))
            for path in log.parent.glob(log.name + ".*")
            for m in _COLLECTED.finditer(path.read_text(encoding="utf-8", errors="replace"))
        ]
        counted[name] = sum(total) if total and process.returncode == 0 else None
    return counted


if __name__ == "__main__":
    sys.exit(main())
