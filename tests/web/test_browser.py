"""End to end in headless Chromium against a real `herald serve` on a store built by `herald
ingest` (the reference article, examples/, and a hostile article): search, read, open an event,
correct it, and find the correction in an export. Set HERALD_WEB_SCREENSHOTS=docs to refresh
the screenshots in docs/.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.conftest import HERALD, REPO_ROOT, TOKEN, start_server, stop_server

pytestmark = [pytest.mark.model, pytest.mark.shared]

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_TITLE = "Niger announces intensification"


class Server:
    """A running `herald serve` that a test may stop early (to use the store from the CLI)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.process, self.base = start_server(db, "--token", TOKEN)
        self.stderr: str | None = None

    def stop(self) -> str:
        if self.stderr is None:
            self.stderr = stop_server(self.process)
        return self.stderr


@pytest.fixture(scope="module")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("web") / "herald.duckdb"
    inputs = [shared / "seed/article.txt", REPO_ROOT / "examples", Path(__file__).parent / "data"]
    subprocess.run(
        [str(HERALD), "ingest", *map(str, inputs), "--published", "2024-01-19", "--db", str(db)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    running = Server(db)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    # Any alert, confirm or prompt would mean injected script ran.
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield opened
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("HERALD_WEB_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(REPO_ROOT / folder / f"web-{name}.png"), full_page=False)


def _pwned(page: Any) -> Any:
    return page.evaluate("window.__pwned")


@pytest.mark.parametrize("path", ["/search?q=deepen", "/events?text=moscow", "/"])
def test_hostile_article_runs_no_script(server: Server, page: Any, path: str) -> None:
    page.goto(server.base + path)
    page.wait_for_load_state("networkidle")
    assert _pwned(page) is None and not page.dialogs


def test_hostile_article_reads_as_text(server: Server, page: Any) -> None:
    page.goto(server.base + "/search?q=deepen")
    page.locator("#found-articles a").first.click()
    page.wait_for_load_state("networkidle")
    assert "<script>" in page.locator("h1").inner_text()
    assert "<iframe" in page.locator("#article-text").inner_text()
    assert (
        page.locator("#article-text script, #article-text img, #article-text iframe").count() == 0
    )
    assert page.locator("a[href^='javascript:'], [onerror]").count() == 0
    page.locator("#article-text [data-events]").first.click()
    page.locator("#event-detail blockquote").wait_for()
    # The 4,000-character line wraps inside the page instead of widening it.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert _pwned(page) is None and not page.dialogs


@pytest.mark.skipif(not os.environ.get("HERALD_WEB_SCREENSHOTS"), reason="screenshots only")
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("search", "/search?q=russia"),
        ("actor", "/actor?name=Lamine+Zeine"),
        ("dyad", "/dyad?a=NER&b=RUS"),
        ("network", "/network"),
        ("map", "/map"),
    ],
)
def test_screenshots(server: Server, page: Any, name: str, path: str) -> None:
    page.goto(server.base + path)
    page.wait_for_load_state("networkidle")
    _shot(page, name)


def test_search_read_correct_and_export(server: Server, page: Any) -> None:
    # Search, then open the reference article from the results.
    page.goto(f"{server.base}/#token={TOKEN}")
    page.fill("header input[name=q]", "military cooperation")
    page.press("header input[name=q]", "Enter")
    page.locator("#found-articles a", has_text=SEED_TITLE).click()
    page.wait_for_load_state("networkidle")
    assert SEED_TITLE in page.locator("h1").inner_text()

    # Click the event in the text: its coding and its evidence sentence appear.
    page.locator("#article-text .hl-trigger", has_text="visited").first.click()
    evidence = page.locator("#event-detail blockquote")
    evidence.wait_for()
    assert "visited Turkey and Serbia" in evidence.inner_text()
    assert page.locator("#event-detail mark").inner_text() == "visited"
    event_id = page.evaluate("document.querySelector('.selected').dataset.events.split(' ')[0]")
    _shot(page, "article")

    # Correct its date: the visits came between Russia (16th) and Tehran (18th).
    page.fill("#correct-form input[name=date]", "2024-01-17")
    page.fill("#correct-form input[name=analyst]", "e2e analyst")
    page.fill("#correct-form input[name=note]", "between Moscow (16th) and Tehran (18th)")
    page.click("#correct-form button[type=submit]")
    status = page.locator("#correct-status")
    status.filter(has_text="Saved").wait_for()
    assert "e2e analyst: date" in page.locator("#event-detail .trail").inner_text()
    _shot(page, "correction")

    # The events table shows it, and its JSONL export carries the corrected date.
    article_id = page.locator("h1 + .meta code").inner_text()
    page.goto(f"{server.base}/events?article={article_id}")
    corrected = page.locator("table.events tr", has_text="corrected: date")
    corrected.scroll_into_view_if_needed()
    assert corrected.count() == 1
    _shot(page, "events")
    with page.expect_download() as download:
        page.click("text=export JSONL")
    records = [json.loads(line) for line in Path(download.value.path()).read_text().splitlines()]
    exported = next(r for r in records if r["id"] == event_id)
    assert (exported["date"], exported["date_source"]) == ("2024-01-17", "analyst")
    assert "corrected:date" in exported["flags"]

    # The same from the command line once the server has let go of the store.
    server.stop()
    cli = subprocess.run(
        [str(HERALD), "export", "--format", "jsonl", "--db", str(server.db)],
        check=True,
        capture_output=True,
        text=True,
    )
    exported = next(json.loads(x) for x in cli.stdout.splitlines() if event_id in x)
    assert exported["date"] == "2024-01-17"
