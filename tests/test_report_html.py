"""``policykit report``: one HTML file a trust opens without a server or a network.

The share is six schools x fifteen policies (see tests/trustshare.py). The
browser tests run Debian's chromium headless through Playwright (no browser
download); they skip without it (fail in CI).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.reports.html.charts import Bar, bar_chart, months_ahead

from .conftest import ROOT
from .trustshare import AS_OF, DUPLICATE, MISSING, SCHOOLS, make_share, stub_kinds

CHROMIUM = "/usr/bin/chromium"
PAYLOAD_TITLE = "<script>window.__pwned=1</script> javascript:window.__pwned=2"
PAYLOAD_HEADING = '"><img src=x onerror="window.__pwned=3">'
PAYLOAD_FILE = '"><img src=x onerror=window.__pwned=4>'
PICTURE = ROOT / "docs" / "img" / "dashboard.png"


@pytest.fixture(scope="module")
def kinds_known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with stub_kinds(tmp_path_factory.mktemp("kinds")):
        yield


def report(paths: list[Path], out: Path, *extra: str) -> str:
    result = CliRunner().invoke(
        main,
        [
            *("report", *map(str, paths), "-o", str(out), "--as-of", AS_OF.isoformat()),
            *("--jobs", "1", "--no-cache", *extra),
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_an_exclude_pattern_that_matches_nothing_is_reported(
    kinds_known: None, tmp_path: Path
) -> None:
    share = make_share(tmp_path / "Trust")
    said = report([share.root], tmp_path / "t.html")
    assert "'superseded*' matches no folder" in said
    assert "'archive*'" not in said


@pytest.fixture(scope="module")
def dashboard(kinds_known: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    share = make_share(tmp_path_factory.mktemp("share") / "Trust")
    out = tmp_path_factory.mktemp("out") / "trust.html"
    report([share.root], out)
    return out


@pytest.fixture(scope="module")
def hostile_dashboard(kinds_known: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "Trust"
    make_share(root, title_suffix=" " + PAYLOAD_TITLE, heading=PAYLOAD_HEADING)
    school = root / SCHOOLS[0]
    first = sorted(school.glob("*.docx"))[0]
    first.rename(school / f"{PAYLOAD_FILE}.docx")
    (root / SCHOOLS[1]).rename(root / f"{PAYLOAD_FILE} School")
    out = tmp_path_factory.mktemp("out") / "hostile.html"
    report([root], out)
    return out


def test_one_file_with_nothing_to_fetch(dashboard: Path) -> None:
    html = dashboard.read_text(encoding="utf-8")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = unescape(csp.group(1))
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\bsrc=", html)
    assert not re.search(r"""(href|src)=["']?(https?:|//)""", html)
    assert dashboard.stat().st_size < 2_000_000


def test_the_matrix_names_each_school_and_what_it_lacks(dashboard: Path) -> None:
    html = dashboard.read_text(encoding="utf-8")
    for school in SCHOOLS:
        assert school in html
    assert "Beech Hill Academy holds no" not in html or "missing" in html
    row = re.search(r"<tr><th scope=\"row\"><a[^>]*>Beech Hill Academy</a>.*?</tr>", html, re.S)
    assert row is not None
    assert "∅</span> missing" in row.group(0)


def test_report_refuses_a_name_that_is_not_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "HTML" in result.output


def test_month_bars_are_proportional_links_with_counts_in_words() -> None:
    bars = [Bar("Lapsed", "before", 4, "#due-lapsed"), Bar("Dec", "2026", 2, "#due-2026-12")]
    bars.append(Bar("Jan", "2027", 0, "#due-2027-01"))
    svg = bar_chart(bars, "Reviews <due>")
    heights = [int(h) for h in re.findall(r'<rect [^>]*height="(\d+)"', svg)]
    assert heights[0] == 2 * heights[1] and heights[2] == 0
    assert '<a href="#due-2026-12"' in svg
    assert "Dec 2026: 2 reviews" in svg and "Reviews &lt;due&gt;" in svg


def test_twelve_months_from_the_as_of_month() -> None:
    months = months_ahead(dt.date(2026, 11, 22))
    assert months[0] == dt.date(2026, 11, 1) and months[-1] == dt.date(2027, 10, 1)
    assert len(months) == 12


# --------------------------------------------------------------------------- in a browser


def _browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _skip("playwright is not installed")
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        _skip("chromium is not installed")
    return sync_playwright()


def _skip(message: str) -> None:
    if os.environ.get("POLICYKIT_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with _browser() as pw:
        found = pw.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else None)
        yield found
        found.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    def dialog(d: Any) -> None:
        requests.append("dialog:" + d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    return page, requests


@pytest.mark.slow
def test_in_chromium_cells_link_to_details_and_filters_keep_only_matching_rows(
    browser: Any, dashboard: Path
) -> None:
    page, requests = _open(browser, dashboard)
    # The matrix: a cell of Cedar Park's row opens that school's document.
    row = page.locator("table.matrix tbody tr", has_text=DUPLICATE[0])
    cells = row.locator("td.cell a")
    assert cells.count() >= 14
    cell = cells.first
    target = cell.get_attribute("href")
    assert target is not None and target.startswith("#doc-")
    assert not page.locator(target).is_visible()
    cell.click()
    detail = page.locator(target)
    assert detail.is_visible()
    assert DUPLICATE[0] in detail.inner_text()
    # A missing policy: the school's section says which.
    page.locator("table.matrix tbody tr", has_text=MISSING[0]).locator(
        "td.s-missing a"
    ).first.click()
    assert page.locator("#school-2").is_visible()
    assert "Missing required policies" in page.locator("#school-2").inner_text()
    # Filters: by status, only lapsed rows remain; by school too.
    total = page.locator("#docs tbody tr").count()
    page.select_option("#f-status", "lapsed")
    shown = page.locator("#docs tbody tr:not(.hidden)")
    assert 0 < shown.count() < total
    statuses = shown.locator("td.st").all_inner_texts()
    assert all(s.strip().endswith("lapsed") for s in statuses)
    page.select_option("#f-school", SCHOOLS[0])
    assert all(
        school == SCHOOLS[0]
        for school in page.locator("#docs tbody tr:not(.hidden) td:first-child").all_inner_texts()
    )
    page.select_option("#f-status", "")
    page.select_option("#f-school", "")
    assert page.locator("#docs tbody tr:not(.hidden)").count() == total
    # Sorting by school puts the rows in order of school.
    page.click("button[data-sort=school]")
    schools = page.locator("#docs tbody tr td:first-child").all_inner_texts()
    assert schools == sorted(schools, key=str.casefold)
    # A month bar leads to its list.
    page.locator("svg.chart a").first.click()
    assert page.locator("#due-lapsed").is_visible()
    assert all(url.startswith("file:") for url in requests), requests
    page.goto(dashboard.as_uri())
    shot = PICTURE if os.environ.get("POLICYKIT_UPDATE_PICTURES") == "1" else None
    page.screenshot(path=str(shot or dashboard.with_suffix(".png")))
    page.close()


@pytest.mark.slow
def test_in_chromium_nothing_from_a_document_runs(browser: Any, hostile_dashboard: Path) -> None:
    html = hostile_dashboard.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    page, requests = _open(browser, hostile_dashboard)
    for link in page.locator("table.matrix a").all()[:20]:
        link.click()
    for link in page.locator("#docs tbody a").all()[:40]:
        link.click()
    page.select_option("#f-status", "lapsed")
    page.click("button[data-sort=title]")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not any(url.startswith("dialog:") for url in requests), requests
    assert all(url.startswith("file:") for url in requests), requests
    text = page.locator("body").inner_text()
    assert "<script>window.__pwned=1</script>" in text  # shown as text, not run
    assert PAYLOAD_FILE in text
    page.close()
