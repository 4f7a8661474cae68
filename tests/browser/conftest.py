"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) headless.

They are skipped, with the reason printed, where that Chromium is not installed; CI installs it.
Playwright's own browser downloads are never used.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LVV_CHROMIUM", "/usr/bin/chromium"))

# The live server shares the test's in-memory SQLite connection between its threads, so two
# requests hitting the database at once can collide ("cannot open savepoint"). Pages link their
# favicon as a static file, so the browser's favicon request never reaches the database.
#
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}; CI installs it")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", bypass_csp=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_no_axe_violations(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in violations
    )
    assert violations == [], f"axe-core found WCAG 2.1 AA violations on {page.url}:\n{summary}"
