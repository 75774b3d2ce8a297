"""The benchmark corpus: N generated policies in school sub-folders, made once and cached.

``make_corpus(n)`` returns ``bench/.corpus-N`` (git-ignored), generating it with
``tests.docgen.generate`` when it is not there yet. Documents come in batches of
:data:`BATCH` (one LibreOffice run each, so a big corpus never meets the
generator's conversion timeout), each batch from its own seed, then are spread
round-robin over folders of :data:`PER_SCHOOL` documents, as a trust's shared
drive holds them. The folder is written under a temporary name and renamed at
the end, so an interrupted run never leaves half a corpus that looks finished.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
BATCH = 250
PER_SCHOOL = 25
DEFAULT_SEED = 20260101
MARKER = "corpus.json"


def corpus_dir(n: int) -> Path:
    return BENCH / f".corpus-{n}"


def documents(folder: Path) -> list[Path]:
    """The corpus's .docx files in a stable order (what every contender reads)."""
    return sorted(folder.rglob("*.docx"))


def make_corpus(n: int, seed: int = DEFAULT_SEED, *, quiet: bool = False) -> Path:
    """``bench/.corpus-N``, made now if it is missing or incomplete."""
    final = corpus_dir(n)
    marker = final / MARKER
    if marker.is_file():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
            if info.get("n") == n and info.get("documents") == len(documents(final)):
                return final
        except (OSError, ValueError):
            pass
        shutil.rmtree(final)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.docgen import generate as docgen_generate
    from tests.docgen import missing_tools

    missing = missing_tools()
    if missing and not quiet:
        print(
            f"bench: {', '.join(sorted(missing.values()))} not installed: the corpus is "
            "made without those producers",
            file=sys.stderr,
        )
    work = final.with_name(final.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    staging = work / "_staging"
    start = time.perf_counter()
    made = 0
    producers: dict[str, int] = {}
    for batch, first in enumerate(range(0, n, BATCH)):
        count = min(BATCH, n - first)
        out = staging / f"batch-{batch:04d}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cases = docgen_generate(out, count, seed * 1000 + batch)
        for case in cases:
            school = work / f"school-{made // PER_SCHOOL + 1:04d}"
            school.mkdir(parents=True, exist_ok=True)
            os.replace(case.path, school / f"{case.path.stem}-b{batch:04d}.docx")
            producers[case.producer] = producers.get(case.producer, 0) + 1
            made += 1
        shutil.rmtree(out)
        if not quiet:
            print(
                f"bench: corpus {made}/{n} documents ({time.perf_counter() - start:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    shutil.rmtree(staging, ignore_errors=True)
    info = {
        "n": n,
        "seed": seed,
        "documents": made,
        "producers": producers,
        "per_school": PER_SCHOOL,
        "seconds": round(time.perf_counter() - start, 1),
    }
    (work / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    os.replace(work, final)
    return final


if __name__ == "__main__":
    print(make_corpus(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
