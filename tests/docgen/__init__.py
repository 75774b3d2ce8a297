"""A generator of realistic, varied test policies (.docx) with their ground truth.

    cases = generate(Path("out"), n=30, seed=1)

writes ``n`` community cohesion policies spread round-robin across three
producers (python-docx, LibreOffice from .fodt/.html, pandoc from markdown)
and ``truth.json``; see :class:`Case` for the truth's keys. The same seed
gives the same documents (the same text and truth; zip timestamps differ).
A producer whose tool (``soffice``, ``pandoc``) is missing is skipped with a
warning; the other documents are unchanged.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import render_docx, render_lo, render_md
from .ir import DocPlan, Source
from .plan import plan_document

__all__ = ["PRODUCERS", "Case", "generate", "missing_tools"]

PRODUCERS = ("python-docx", "libreoffice", "pandoc")
TOOLS = {"libreoffice": ("soffice", "libreoffice"), "pandoc": ("pandoc",)}
SHORT = {"python-docx": "pydocx", "libreoffice": "lo", "pandoc": "pandoc"}
SOFFICE_TIMEOUT = 300.0


@dataclass
class Case:
    """One generated document and its ground truth.

    ``truth`` keys: ``school`` (str or None), ``title`` (str), ``approved`` and
    ``review_due`` ({"start", "end"} ISO dates, or None; ``review_due`` is
    inferred from the latest of approval and reviews plus the cycle when no
    date is stated), ``review_cycle_months`` (int or None), ``reviews``
    ([{"start", "end", "signed_by"}], oldest first), ``section_ids`` (the
    canonical id of each top-level section in order, None for unknown
    headings), ``section_headings`` (their text as written: typed capitals,
    hand numbering "1. " and trailing colons included; numbers that come from
    Word's numbering are not text). Diagnostics: ``approved_text``,
    ``review_due_text``, ``review_due_inferred``, ``review_texts``.
    """

    path: Path
    producer: str
    style: str
    truth: dict[str, Any] = field(default_factory=dict)

    def to_json(self, base: Path) -> dict[str, Any]:
        return {
            "file": self.path.relative_to(base).as_posix(),
            "producer": self.producer,
            "style": self.style,
            "truth": self.truth,
        }


def missing_tools(producers: Sequence[str] = PRODUCERS) -> dict[str, str]:
    """Producers whose external tool is not installed, with the tool's name."""
    return {
        p: TOOLS[p][0]
        for p in producers
        if p in TOOLS and not any(shutil.which(t) for t in TOOLS[p])
    }


def _source_for(rng: random.Random, producer: str) -> Source:
    if producer == "python-docx":
        return "docx"
    if producer == "pandoc":
        return "md"
    return "html" if rng.random() < 0.3 else "fodt"


def plan_all(
    n: int, seed: int, producers: Sequence[str] = PRODUCERS, *, schools: bool = False
) -> list[DocPlan]:
    """The plans of the ``n`` documents of ``seed`` (no files written).

    ``schools``: draw the layouts schools use that issue 12 lists as well.
    """
    unknown = set(producers) - set(PRODUCERS)
    if unknown or not producers:
        raise ValueError(f"unknown producers {sorted(unknown)}; choose from {PRODUCERS}")
    master = random.Random(seed)
    plans = []
    for i in range(n):
        producer = producers[i % len(producers)]
        rng = random.Random(master.getrandbits(64))
        name = f"{i:03d}-{SHORT[producer]}"
        source = _source_for(rng, producer)
        if schools and producer == "python-docx" and rng.random() < 0.15:
            source = "html"  # a program's way: the body in an HTML w:altChunk part
        plans.append(plan_document(rng, producer, source, name, schools=schools))
    return plans


def generate(
    out_dir: Path,
    n: int,
    seed: int,
    producers: Sequence[str] = PRODUCERS,
    *,
    keep_sources: bool = False,
    schools: bool = False,
) -> list[Case]:
    """Write ``n`` policies and ``truth.json`` into ``out_dir``; return the cases written.

    ``keep_sources``: keep the .fodt/.html/.md sources in ``out_dir/sources``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = missing_tools(producers)
    for producer, tool in missing.items():
        warnings.warn(f"docgen: {tool} not found, skipping the {producer} documents", stacklevel=2)
    plans = [p for p in plan_all(n, seed, producers, schools=schools) if p.producer not in missing]
    work = Path(tempfile.mkdtemp(prefix="docgen-src-"))
    try:
        _produce(plans, out_dir, work)
        if keep_sources:
            shutil.copytree(work, out_dir / "sources", dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cases = [Case(out_dir / f"{p.name}.docx", p.producer, p.style, p.truth) for p in plans]
    truth = {
        "seed": seed,
        "n": n,
        "producers": list(producers),
        "skipped": sorted(missing),
        "documents": [c.to_json(out_dir) for c in cases],
    }
    (out_dir / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return cases


def _produce(plans: list[DocPlan], out_dir: Path, work: Path) -> None:
    """Run the three producers side by side: soffice and pandoc in the background."""
    lo_plans = [p for p in plans if p.producer == "libreoffice"]
    soffice = None
    if lo_plans:
        sources = [render_lo.write_source(p, work) for p in lo_plans]
        soffice = render_lo.start_conversion(sources, out_dir)
    pandoc_jobs: list[tuple[DocPlan, subprocess.Popen[bytes]]] = []
    pending = [p for p in plans if p.producer == "pandoc"]
    for plan in plans:
        if plan.producer == "python-docx":
            render_docx.render(plan, out_dir / f"{plan.name}.docx")
        # keep a few pandoc processes running while python-docx works
        while pending and sum(j.poll() is None for _, j in pandoc_jobs) < 4:
            job = pending.pop(0)
            pandoc_jobs.append((job, render_md.start(job, work, out_dir / f"{job.name}.docx")))
    for job in pending:
        pandoc_jobs.append((job, render_md.start(job, work, out_dir / f"{job.name}.docx")))
    failures = []
    for plan, process in pandoc_jobs:
        output, _ = process.communicate()
        if process.returncode != 0:
            failures.append(f"pandoc {plan.name}: {output.decode('utf-8', 'replace')}")
    if soffice is not None:
        log = render_lo.finish_conversion(*soffice, timeout=SOFFICE_TIMEOUT)
        missing = [p.name for p in lo_plans if not (out_dir / f"{p.name}.docx").exists()]
        if missing:
            failures.append(f"soffice did not convert {missing}:\n{log}")
    if failures:
        raise RuntimeError("docgen: " + "\n".join(failures))
