"""Time policykit against the floor and other readers: ``python -m bench.run --n 2000``.

From the repository root. Makes (once) the corpus of N generated policies in
``bench/.corpus-N`` (see :mod:`bench.corpus`), then times, one after the
other and each in a fresh process, on the same files:

* the floor: unzip ``word/document.xml`` and iterparse it with lxml;
* the reading floor: unzip and parse every part policykit reads but the
  styles (shared by a template's documents), visiting each element;
* ``policykit check --format json`` with ``--jobs 1`` and with every core,
  without the cache; then a cold and a warm run with a fresh cache;
* docx2python, mammoth, a naive python-docx loop and ``pandoc -t json``
  (mammoth and pandoc, being slow, on an evenly spread sample unless
  ``--full``; a reader that is not installed is reported, not fatal);
* ``policykit --version`` and a one-document ``check`` (start-up).

It prints a Markdown table (documents per second, time against the floor,
how much faster policykit is, peak memory of the whole process tree) and the
issue's targets, met or not. ``--json FILE`` also writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if not __package__:  # run as a script (python bench/run.py): make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.contenders import available
from bench.corpus import ROOT, documents, make_corpus

SRC = ROOT / "src"
# Seconds between memory samples. Reading smaps_rollup costs about 0.6 ms a process:
# every 20 ms over three processes it took a tenth of a core, which a run using every
# core pays for (it made --jobs 2 look 5% slower). Memory here rises to a plateau,
# so a sample every 100 ms still finds the peak.
SAMPLE_INTERVAL = 0.1


# --------------------------------------------------------------------------- measuring


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str = ""
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                out.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return out


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between sharers), else resident size."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def _tree_kb(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _memory_kb(current)
        stack.extend(_children(current))
    return total


def measure(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Measurement:
    """Run ``cmd``; its wall time and the peak memory of its process tree (PSS, MB)."""
    peak = [0]
    done = threading.Event()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)

        def sample() -> None:
            while not done.wait(SAMPLE_INTERVAL):
                peak[0] = max(peak[0], _tree_kb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(seconds, peak[0] / 1024, process.returncode, stderr, cpu)


def best(runs: list[Measurement]) -> Measurement:
    fastest = min(runs, key=lambda m: m.seconds)
    return Measurement(
        fastest.seconds,
        max(m.peak_mb for m in runs),
        fastest.returncode,
        fastest.stderr,
        fastest.cpu,
    )


# --------------------------------------------------------------------------- the rows


@dataclass
class Row:
    name: str
    docs: int
    seconds: float | None = None
    peak_mb: float | None = None
    cpu: float | None = None
    note: str = ""
    missing: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def per_doc(self) -> float | None:
        return None if self.seconds is None or not self.docs else self.seconds / self.docs


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(SRC), str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    env.pop("POLICYKIT_CACHE_DIR", None)
    return env


def compiled(env: dict[str, str], pycache: Path) -> dict[str, str]:
    """ENV with Python's compiled bytecode kept (under PYCACHE, outside the source tree).

    An installed policykit starts from bytecode compiled at install time. A machine
    with ``PYTHONDONTWRITEBYTECODE`` set would compile every module from source on
    every run, a cost that grows with the size of the code and that no user pays:
    each side's first run compiles into PYCACHE, later runs read it.
    """
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def warm_up(env: dict[str, str], work: Path, sample: str | Path) -> None:
    """One untimed ``check`` of SAMPLE under ENV: its bytecode compiled and kept."""
    subprocess.run(
        [sys.executable, "-m", "policykit", "check", str(sample), "--format", "json",
         "--output", str(work / "warm-up.json"), "--no-cache", "--exit-zero", "--no-progress"],
        env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    (work / "warm-up.json").unlink(missing_ok=True)


def _contender(
    name: str, paths: list[str], work: Path, env: dict[str, str], repeat: int
) -> Measurement:
    listing = work / f"{name}.list"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "bench.contenders", name, str(listing)]
    return best([measure(cmd, env, cwd=ROOT) for _ in range(repeat)])


def _policykit(args: list[str], env: dict[str, str], cwd: Path) -> Measurement:
    return measure([sys.executable, "-m", "policykit", *args], env, cwd=cwd)


def _sample(paths: list[str], size: int) -> list[str]:
    if size <= 0 or size >= len(paths):
        return paths
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]


def _cores() -> int:
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _load() -> float:
    """The one-minute load average (other work on the machine skews every figure)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kb = int(handle.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import lxml.etree

    lxml_version = ".".join(str(v) for v in lxml.etree.LXML_VERSION[:3])
    return (
        f"{_cores()} cores ({cpu}){memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, lxml {lxml_version}"
    )


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> dict[str, object]:
    corpus = make_corpus(args.n)
    paths = [str(p) for p in documents(corpus)]
    info = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    env = _env()
    cores = args.jobs or _cores()
    rows: list[Row] = []

    def say(text: str) -> None:
        print(f"bench: {text}", file=sys.stderr, flush=True)

    load_before = _load()
    if load_before > 0.5:
        say(f"the machine is busy (load average {load_before:.2f}): the figures will suffer")
    for path in paths:  # read every file once, so no reader pays for the disk first
        with open(path, "rb") as handle:
            handle.read()
    wanted = set(args.only.split(",")) if args.only else None

    def want(name: str) -> bool:
        return wanted is None or name in wanted

    with tempfile.TemporaryDirectory(prefix="policykit-bench-") as tmp:
        work = Path(tmp)
        report = work / "report.json"
        check = ["check", str(corpus), "--format", "json", "--output", str(report), "--no-progress"]
        env = compiled(env, work / "pycache")
        if paths:
            warm_up(env, work, paths[0])

        say(f"floor on {len(paths)} documents")
        floor = _contender("floor", paths, work, env, args.repeat)
        rows.append(
            Row(
                "floor: zip + lxml iterparse (text, style ids)",
                len(paths),
                floor.seconds,
                floor.peak_mb,
                floor.cpu,
            )
        )

        say(f"reading floor on {len(paths)} documents")
        parts = _contender("parts", paths, work, env, args.repeat)
        rows.append(
            Row(
                "reading floor: every part policykit reads but styles, each element visited",
                len(paths),
                parts.seconds,
                parts.peak_mb,
                parts.cpu,
            )
        )

        if want("policykit"):
            # Alternated (1, N, 1, N ...) so that a burst of other work hurts both alike.
            runs: dict[int, list[Measurement]] = {}
            facts: dict[int, dict[str, object]] = {}
            for _ in range(args.repeat):
                for jobs in sorted({1, cores}):
                    say(f"policykit check --jobs {jobs}")
                    m = _policykit([*check, "--jobs", str(jobs), "--no-cache"], env, work)
                    runs.setdefault(jobs, []).append(m)
                    facts[jobs] = _report_facts(report, m)
            for jobs, measured in runs.items():
                m = best(measured)
                note = ""
                if len(measured) > 1:
                    note = (
                        f"fastest of {len(measured)}; slowest "
                        f"{max(x.seconds for x in measured):.2f} s"
                    )
                row = Row(
                    f"policykit check --format json --jobs {jobs}",
                    len(paths),
                    m.seconds,
                    m.peak_mb,
                    m.cpu,
                    note=note,
                )
                row.extra = facts[jobs]
                rows.append(row)
            cache_dir = work / "cache"
            say("policykit check --jobs 1, cold cache")
            cold = _policykit([*check, "--jobs", "1", "--cache-dir", str(cache_dir)], env, work)
            rows.append(
                Row(
                    "policykit check --jobs 1, cache cold (writing)",
                    len(paths),
                    cold.seconds,
                    cold.peak_mb,
                    cold.cpu,
                )
            )
            say("policykit check --jobs 1, warm cache")
            warm = best(
                [
                    _policykit([*check, "--jobs", "1", "--cache-dir", str(cache_dir)], env, work)
                    for _ in range(args.repeat)
                ]
            )
            rows.append(
                Row(
                    "policykit check --jobs 1, cache warm (unchanged files)",
                    len(paths),
                    warm.seconds,
                    warm.peak_mb,
                    warm.cpu,
                )
            )

        for name, label, slow in (
            ("docx2python", "docx2python (text)", False),
            ("python-docx", "python-docx, naive (paragraphs + style names)", False),
            ("mammoth", "mammoth (convert_to_html)", True),
            ("pandoc", "pandoc -t json (one process a document)", True),
        ):
            if not want(name):
                continue
            why = available(name)
            if why is not None:
                say(f"{name}: not run: {why}")
                rows.append(Row(label, 0, missing=why))
                continue
            chosen = paths if args.full or not slow else _sample(paths, args.slow_sample)
            say(f"{name} on {len(chosen)} documents")
            m = _contender(name, chosen, work, env, 1)
            if m.returncode != 0:
                rows.append(
                    Row(
                        label,
                        0,
                        missing=m.stderr.strip().splitlines()[-1]
                        if m.stderr.strip()
                        else f"exit {m.returncode}",
                    )
                )
                continue
            note = "" if len(chosen) == len(paths) else f"sample of {len(chosen)}"
            rows.append(Row(label, len(chosen), m.seconds, m.peak_mb, m.cpu, note=note))

        say("start-up")
        startup = _startup(env, work, paths[0])

    return {
        "corpus": info,
        "machine": _machine(),
        "cores": cores,
        "rows": [asdict(r) for r in rows],
        "startup": startup,
        "load": [load_before, _load()],
    }


def _report_facts(report: Path, m: Measurement) -> dict[str, object]:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"error": f"no report (exit {m.returncode}): {m.stderr.strip()[-300:]}"}
    docs = data["documents"]
    return {
        "documents": len(docs),
        "unreadable": sum(1 for d in docs if d["error"] is not None),
        "pk000": sum(
            1
            for d in docs
            if (d["error"] or {}).get("code") == "PK000"
            or any(f["code"] == "PK000" for f in d["findings"])
        ),
        "findings": sum(len(d["findings"]) for d in docs),
    }


def _startup(env: dict[str, str], work: Path, one: str) -> dict[str, float]:
    def fastest(cmd: list[str], times: int) -> float:
        return min(measure(cmd, env, cwd=work).seconds for _ in range(times)) * 1000

    py = sys.executable
    return {
        "python_ms": fastest([py, "-c", "pass"], 10),
        "version_ms": fastest([py, "-m", "policykit", "--version"], 15),
        "check_one_ms": fastest(
            [py, "-m", "policykit", "check", one, "--no-cache", "--format", "json"], 8
        ),
    }


# --------------------------------------------------------------------------- printing


def render(results: dict[str, object]) -> str:
    rows = [Row(**r) for r in results["rows"]]  # type: ignore[attr-defined]
    corpus = results["corpus"]
    assert isinstance(corpus, dict)
    floor = rows[0].per_doc or 1.0
    base = next((r for r in rows if r.name.endswith("--jobs 1")), None)
    lines = [
        f"policykit benchmark: {corpus['documents']} generated policies "
        f"({', '.join(f'{n} {p}' for p, n in sorted(corpus['producers'].items()))}; "
        f"2-4 pages each, {corpus['per_school']} a school folder)",
        f"machine: {results['machine']}",
        "load average before and after: {:.2f}, {:.2f}".format(*_pair(results["load"])),
        "",
        "| reader | documents | seconds | CPU seconds | documents/s | time per document vs "
        "floor | policykit --jobs 1 against it | peak memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if r.missing is not None:
            lines.append(f"| {r.name} | - | - | - | - | - | - | not run: {r.missing} |")
            continue
        per = r.per_doc or 0.0
        seconds = r.seconds or 0.0
        faster = "-"
        if base is not None and base.per_doc and r is not base and per:
            ratio = per / base.per_doc
            digits = 2 if 0.5 < ratio < 2 else 1
            faster = (
                f"{ratio:.{digits}f}x faster" if ratio >= 1 else f"{1 / ratio:.{digits}f}x slower"
            )
        note = f" ({r.note})" if r.note else ""
        lines.append(
            f"| {r.name}{note} | {r.docs} | {seconds:.2f} | {r.cpu or 0:.2f} "
            f"| {r.docs / max(seconds, 1e-9):,.0f} "
            f"| {per / floor:.2f}x | {faster} | {r.peak_mb or 0:.0f} MB |"
        )
    startup = results["startup"]
    assert isinstance(startup, dict)
    lines += [
        "",
        f"start-up: `policykit --version` {startup['version_ms']:.0f} ms, a one-document "
        f"`check` {startup['check_one_ms']:.0f} ms (bare `python -c pass`: "
        f"{startup['python_ms']:.0f} ms)",
    ]
    for r in rows:
        if r.extra:
            lines.append(f"{r.name}: report {r.extra}")
    lines += ["", "targets:", *_targets(rows, startup, corpus)]
    return "\n".join(lines)


def _pair(value: object) -> tuple[float, float]:
    assert isinstance(value, list) and len(value) == 2
    return float(value[0]), float(value[1])


def _targets(rows: list[Row], startup: dict[str, float], corpus: dict[str, object]) -> list[str]:
    def find(prefix: str) -> Row | None:
        return next((r for r in rows if r.name.startswith(prefix) and r.missing is None), None)

    floor = rows[0]
    one = find("policykit check --format json --jobs 1")
    many = next(
        (
            r
            for r in rows
            if r.name.startswith("policykit check --format json --jobs") and r is not one
        ),
        None,
    )
    d2p = find("docx2python")
    cold = find("policykit check --jobs 1, cache cold")
    warm = find("policykit check --jobs 1, cache warm")
    out: list[str] = []

    def line(text: str, value: str, met: bool | None) -> None:
        verdict = "n/a" if met is None else ("MET" if met else "NOT MET")
        out.append(f"- {text}: {value} -> {verdict}")

    if one and one.seconds and floor.seconds:
        ratio = one.seconds / floor.seconds
        line("--jobs 1 at most 2x the floor's time", f"{ratio:.2f}x", ratio <= 2.0)
        reading = find("reading floor")
        if reading and reading.seconds and reading.per_doc:
            share = reading.seconds / floor.seconds
            left = (2 - share) * (floor.per_doc or 0.0) * 1e6
            out.append(
                f"  (reading the parts alone takes {share:.2f}x the floor: 2x leaves "
                f"{max(left, 0):.0f} µs a document to interpret them, recognise, run every "
                "rule and write the report)"
            )
    if one and d2p and one.per_doc and d2p.per_doc:
        speed = d2p.per_doc / one.per_doc
        extra = ""
        if many and many.per_doc:
            extra = f" (with every core: {d2p.per_doc / many.per_doc:.1f}x)"
        line("at least 10x faster than docx2python", f"{speed:.1f}x{extra}", speed >= 10)
    if one and many and one.seconds and many.seconds:
        ratio = many.seconds / one.seconds
        jobs = many.name.rsplit(" ", 1)[-1]
        line(f"--jobs {jobs} at most 0.6 of --jobs 1", f"{ratio:.3f}", ratio <= 0.6)
    elif one:
        line("--jobs N at most 0.6 of --jobs 1", "one core only", None)
    line(
        "`policykit --version` under 150 ms",
        f"{startup['version_ms']:.0f} ms",
        startup["version_ms"] < 150,
    )
    if cold and warm and cold.seconds and warm.seconds:
        speed = cold.seconds / warm.seconds
        line(
            "re-check of unchanged documents at least 10x faster than cold",
            f"{speed:.1f}x",
            speed >= 10,
        )
    peaks = [r.peak_mb for r in rows if r.name.startswith("policykit") and r.peak_mb]
    if peaks:
        n = int(str(corpus["documents"]))
        verdict = max(peaks) < 300 if n >= 10_000 else None
        line(
            f"peak memory under 300 MB at 10,000 documents (this run: {n})",
            f"{max(peaks):.0f} MB",
            verdict,
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--n", type=int, default=2000, help="documents in the corpus")
    parser.add_argument(
        "--jobs", type=int, default=None, help="policykit's parallel run (default: every core)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of the floor and of policykit; the fastest counts",
    )
    parser.add_argument(
        "--slow-sample",
        type=int,
        default=100,
        help="documents given to mammoth and pandoc (0: all)",
    )
    parser.add_argument("--full", action="store_true", help="every reader on every document")
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated: policykit,docx2python,python-docx,mammoth,pandoc "
        "(the floor always runs)",
    )
    parser.add_argument("--json", dest="json_out", default=None, help="also write the figures")
    args = parser.parse_args(argv)
    results = run(args)
    print(render(results))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
