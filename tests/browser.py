"""The dashboard in a real browser: Debian's chromium, headless, through Playwright.

Use from tests/conftest.py (one browser a session)::

    from .browser import browser  # noqa: F401

Tests that open a page skip without playwright or chromium (fail when
POLICYKIT_REQUIRE_TOOLS=1, as in CI). A document's detail is made by the
page's script when its link is followed, so what a person sees of it is read
here, from the page, after following the link (:func:`details`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"


def _skip(message: str) -> None:
    if os.environ.get("POLICYKIT_REQUIRE_TOOLS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for the session (a skip without it)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _skip("playwright is not installed")
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        _skip("chromium is not installed")
    with sync_playwright() as pw:
        found = pw.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else None)
        yield found
        found.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """The page, and every request and dialog it makes from now on ("dialog:..." for one),
    every script error ("error:...") and every error it logs, a CSP refusal too
    ("console:...")."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: requests.append(f"error:{e}"))
    page.on(
        "console", lambda m: requests.append(f"console:{m.text}") if m.type == "error" else None
    )

    def dialog(d: Any) -> None:
        requests.append("dialog:" + d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    return page, requests


def details(browser: Any, path: Path) -> list[str]:
    """Each document's detail as the page shows it (its article's HTML), in the table's order:
    each got by clicking the document's title in the table of every document."""
    page, events = open_page(browser, path)
    found: list[str] = []
    for link in page.locator("#docs tbody a").all():
        target = link.get_attribute("href")
        link.click()
        article = page.locator(str(target))
        assert article.is_visible(), target
        found.append(article.evaluate("a => a.outerHTML"))
    page.close()
    assert all(e.startswith("file:") for e in events), events  # no error, nothing fetched
    return found
