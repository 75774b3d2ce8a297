"""Does the cost grow with the document, not faster? ``python -m bench.scaling``.

For each shape of :mod:`tests.docgen.shapes` (sections with their own header
and footer relationships as a mail merge makes them, paragraphs, runs, table
rows, footnotes) it reads and recognises a document at 1x, 10x and 100x a
base size and prints the time per unit of size. Linear work keeps that figure
flat; a figure that grows tenfold from one size to the next is quadratic.
No figure here is asserted by a test (timings belong in the benchmark).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tests.docgen.shapes import SHAPES

from policykit.parsing import parse_document


def time_per_unit(build: object, n: int, repeat: int) -> float:
    """Best seconds per unit of size of reading and recognising ``build(n)``."""
    assert callable(build)
    data = build(n)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        parse_document(io.BytesIO(data))
        best = min(best, time.perf_counter() - start)
    return best / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", type=int, default=100, help="the 1x size (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    sizes = (args.base, args.base * 10, args.base * 100)
    print("| shape | " + " | ".join(f"{n:,} (µs/unit)" for n in sizes) + " | 100x/1x |")
    print("| --- |" + " --- |" * (len(sizes) + 1))
    for name, build in SHAPES.items():
        figures = [time_per_unit(build, n, args.repeat if n < sizes[-1] else 1) for n in sizes]
        cells = " | ".join(f"{f * 1e6:.1f}" for f in figures)
        print(f"| {name} | {cells} | {figures[-1] / figures[0]:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
