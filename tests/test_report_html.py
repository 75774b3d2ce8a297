"""``policykit report``: one HTML file a trust opens without a server or a network.

The share is six schools x fifteen policies (see tests/trustshare.py). The
browser tests run Debian's chromium headless through Playwright (no browser
download); they skip without it (fail in CI).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policykit.cli import main
from policykit.records import CheckReport, DocumentReport, Finding
from policykit.reports.html import render_html
from policykit.reports.html.charts import Bar, bar_chart, months_ahead
from policykit.reports.html.details import script_json

from .browser import details, open_page
from .conftest import ROOT, need_tool
from .trustshare import AS_OF, DUPLICATE, MISSING, SCHOOLS, UNREADABLE, make_share, stub_kinds

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


@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=4)))
def test_the_documents_data_reads_back_and_cannot_end_its_script_block(data: object) -> None:
    text = script_json(data)
    assert json.loads(text) == data
    assert not set("<>&") & set(text)  # no "</script>", no "<!--", no character reference


def test_a_message_or_place_many_documents_share_is_written_once() -> None:
    """10,000 documents' page stays small: repeated text is stored once, by reference."""
    message = "the review of Autumn 2023 is not signed by the chair"
    place = "Roles and responsibilities", "The governing board will ensure that …"
    docs = [
        DocumentReport(
            path=f"Trust/School {i % 5}/Policy {i}.docx",
            kind="charging",
            title=f"Charging Policy {i}",
            findings=[Finding("PK301", "unsigned-review", "warning", message, None, 4)],
            places={4: place},
            status="current",
        )
        for i in range(200)
    ]
    page = render_html(CheckReport(AS_OF, docs))
    assert page.count(message) == 1
    assert page.count(place[1]) == 1
    assert page.count("Trust/School 3/") == 1  # a folder once, each file's name once
    assert all(f"Policy {i}.docx" in page for i in range(200))


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


@pytest.mark.slow
def test_in_chromium_cells_link_to_details_and_filters_keep_only_matching_rows(
    browser: Any, dashboard: Path
) -> None:
    page, requests = open_page(browser, dashboard)
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
    facts = dict(
        zip(
            detail.locator("dt").all_inner_texts(),
            detail.locator("dd").all_inner_texts(),
            strict=True,
        )
    )
    assert facts["School"] == DUPLICATE[0]
    assert {"Kind", "Status", "Approved", "Review due", "File"} <= set(facts)
    assert facts["File"].endswith(".docx") and DUPLICATE[0] in facts["File"]
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


def _rows(page: Any) -> list[dict[str, str]]:
    """The table's shown rows, by column heading."""
    heads = [h.strip(" ↕↑↓") for h in page.locator("#docs thead th").all_inner_texts()]
    return [
        dict(zip(heads, (c.strip() for c in row.locator("td").all_inner_texts()), strict=True))
        for row in page.locator("#docs tbody tr:not(.hidden)").all()
    ]


@pytest.mark.slow
def test_in_chromium_each_document_shows_its_detail(browser: Any, dashboard: Path) -> None:
    from lxml import html

    page, _ = open_page(browser, dashboard)
    rows = _rows(page)
    page.close()
    articles = [html.fromstring(a) for a in details(browser, dashboard)]
    assert len(articles) == len(rows) >= len(SCHOOLS) * 15
    placed = 0
    for row, article in zip(rows, articles, strict=True):
        assert article.findtext("h2") == row["Title"]
        facts = dict(zip(article.xpath("dl/dt/text()"), article.xpath("dl/dd"), strict=True))
        assert facts["School"].text_content() == row["School"]
        assert facts["Kind"].text_content().startswith(row["Kind"])
        assert facts["Status"].text_content().strip().endswith(row["Status"].split(" ", 1)[1])
        assert "s-" in facts["Status"].get("class")  # the colour; the word is said too
        due = facts["Review due"].text_content()
        if " (by " in due:  # a period: its last day beside it; a day: said once
            written, by = due.removesuffix(")").split(" (by ")
            assert written != by
        file = facts["File"].text_content()
        assert file.endswith(".docx") and f"/Trust/{row['School']}/" in file
        findings = article.xpath('.//li[contains(@class, "finding")]')
        errors = [f for f in findings if f.xpath('span[@class="sev"]/text()') == ["error"]]
        problem = article.xpath('p[contains(@class, "finding")]')
        assert len(errors) + sum("sev-error" in p.get("class") for p in problem) == int(
            row["Errors"]
        )
        for f in findings:
            assert f.xpath('span[@class="sev"]/text()')[0] in ("error", "warning", "info")
            assert re.match(r"PK\d{3} [a-z-]+$", f.findtext("code"))
            where = f.xpath('string(span[@class="where"])')
            assert where.startswith(("under “", "the ", "before the first heading")), where
            assert "¶" not in where
            placed += where.startswith("under “")
    assert placed  # findings placed by heading and first words
    unreadable = [a for a in articles if UNREADABLE[0] in a.xpath("string(dl)")]
    assert any(a.xpath('p[@class="finding sev-error"]') for a in unreadable)


@pytest.mark.slow
def test_in_chromium_severity_and_search_filters_and_a_printed_pack(
    browser: Any, dashboard: Path, tmp_path: Path
) -> None:
    page, _ = open_page(browser, dashboard)
    total = len(_rows(page))
    page.select_option("#f-severity", "error")
    with_errors = _rows(page)
    assert 0 < len(with_errors) < total
    assert all(int(r["Errors"]) > 0 for r in with_errors)
    page.select_option("#f-severity", "none")
    assert all(r["Errors"] == r["Warnings"] == "0" for r in _rows(page))
    page.select_option("#f-severity", "")
    page.fill("#f-text", "bullying")
    found = _rows(page)
    assert found and all("bullying" in r["Title"].lower() for r in found)
    assert f"{len(found)} of {total} documents" in page.inner_text("#f-count")
    page.fill("#f-text", "")
    # One school's pack: its documents' details, one after another, and they print.
    page.select_option("#f-school", SCHOOLS[0])
    titles = [r["Title"] for r in _rows(page)]
    page.click("#show-all")
    pack = page.locator("#doc-view article.doc")
    assert pack.count() == len(titles) >= 15  # its fifteen kinds, and its archived copies
    assert pack.locator("h2").all_inner_texts() == titles
    assert all(
        t == SCHOOLS[0] for t in pack.locator("dl dt:text-is('School') + dd").all_inner_texts()
    )
    page.emulate_media(media="print")  # on paper: what the screen shows, without the controls
    assert pack.first.is_visible() and not page.locator("#f-school").is_visible()
    assert page.locator("#docs tbody tr:visible").count() == len(titles)
    assert page.locator("#f-count").inner_text() == f"{len(titles)} of {total} documents"
    pdf = tmp_path / "pack.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(
        [need_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)", info)  # landscape
    printed = subprocess.run(
        [need_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.count("Review due") >= len(titles)  # each detail's facts, on paper
    assert all(t in printed for t in titles)
    page.emulate_media(media="screen")
    # Following a link shows that one document again.
    page.locator("#docs tbody tr:not(.hidden) a").nth(2).click()
    assert page.locator("#doc-view article.doc").count() == 1
    assert page.locator("#doc-view h2").inner_text() == titles[2]
    page.close()


@pytest.mark.slow
def test_in_chromium_nothing_from_a_document_runs(browser: Any, hostile_dashboard: Path) -> None:
    html = hostile_dashboard.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    page, requests = open_page(browser, hostile_dashboard)
    for link in page.locator("table.matrix a").all()[:20]:
        link.click()
    for link in page.locator("#docs tbody a").all()[:40]:
        link.click()
    page.select_option("#f-status", "lapsed")
    page.click("button[data-sort=title]")
    page.select_option("#f-status", "")
    page.click("#show-all")  # every document's detail, made by the script from the data
    assert page.locator("#doc-view article.doc").count() == page.locator("#docs tbody tr").count()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not any(url.startswith("dialog:") for url in requests), requests
    assert all(url.startswith("file:") for url in requests), requests
    assert page.locator("#doc-view img, #doc-view script, #doc-view [onerror]").count() == 0
    text = page.locator("body").inner_text()
    assert "<script>window.__pwned=1</script>" in text  # shown as text, not run
    assert PAYLOAD_FILE in text
    details = page.locator("#doc-view").inner_text()
    assert f"under “{PAYLOAD_HEADING}”" in details  # a finding's place, as text
    assert f"/{PAYLOAD_FILE}.docx" in details  # the file's path, as text
    assert "<script>window.__pwned=1</script>" in page.locator("#doc-view h2").first.inner_text()
    page.close()
    # The data cannot end its block: the page has its two scripts, no more.
    assert html.count("<script") == html.count("</script") == 2
