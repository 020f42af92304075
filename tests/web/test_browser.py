"""`dti serve` in a real browser: the system Chromium, headless, driven by Playwright.

The warehouse holds the stamped results scan (`corpora/build/stamped.py`): Sở Nông nghiệp và
Môi trường's pillar-1 score under a stamp's ink, read "[?]", and Sở Xây dựng's total printed
"786,64" where its pillars add up to 776,64. A reviewer opens the queue, reads the first from
the crop of the page and corrects it with the keyboard, takes the suggestion for the second,
and `dti scores` and `dti report` then use both, marked, the values as read still on record.
Every request the page makes outside the server is refused and reported. Set
$DTI_SCREENSHOTS to a folder to keep the screenshots (docs/ holds the ones shown there).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from pipeline import api
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # OCR of the scan, a server, a browser

STAMPED = REPO / "corpora" / "review" / "results-stamped.scan.pdf"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`dti serve` as a user starts it, in its own process."""

    def __init__(self, db: str, *options: str) -> None:
        self.db, self.options = db, options
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> Server:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "serve", "--db", self.db, "--port", str(self.port), *self.options],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/api/documents", timeout=2).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(f"dti serve ended: {self.process.stdout.read()}") from None
                time.sleep(0.2)
        raise AssertionError("dti serve did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def get(self, path: str) -> object:
        with urllib.request.urlopen(f"{self.base}{path}", timeout=30) as answer:
            return json.loads(answer.read())


@pytest.fixture(scope="module")
def stamped_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("review")
    scan = folder / STAMPED.name
    shutil.copy(STAMPED, scan)
    db = str(folder / "dti.duckdb")
    summary = api.ingest([scan], db=db)
    assert summary.ok == 1
    return db


@pytest.fixture
def fresh_db(stamped_db: str, tmp_path: Path) -> str:
    """A copy of the loaded warehouse for one test: each starts with nothing corrected."""
    copy = tmp_path / "dti.duckdb"
    shutil.copy(stamped_db, copy)
    return str(copy)


@pytest.fixture
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: scripts/setup.sh installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Watched:
    """A page whose requests outside `base` are refused and whose console errors are kept."""

    def __init__(self, browser: object, base: str) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
        self.page.set_default_timeout(90_000)  # a loaded machine: OCR and a server beside the browser
        self.page.route("**/*", self._only_ours(base))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _only_ours(self, base: str):
        def handle(route) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        return handle


def shot(page: object, name: str) -> None:
    folder = os.environ.get("DTI_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))  # type: ignore[attr-defined]


def test_a_reviewer_corrects_an_unread_figure_and_a_mistyped_total(fresh_db: str, browser: object) -> None:
    server = Server(fresh_db).start()
    try:
        watched = Watched(browser, server.base)
        page = watched.page
        answer = page.goto(f"{server.base}/review")
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert page.locator("h1").inner_text().startswith("Cần rà soát:")
        assert page.locator("#queue tbody tr").first.inner_text().count("Tổng điểm không khớp") == 1
        shot(page, "review-queue.png")

        # The "[?]" under the stamp: read from the crop, typed with the keyboard.
        page.goto(f"{server.base}/review?kind=unread_figure")
        page.locator("#queue tbody tr", has_text="[?]").locator("a.open").click()
        page.wait_for_selector("#correct-form")
        assert page.locator("#as-read").inner_text() == "[?]"
        assert page.locator("#unit").inner_text() == "Sở Nông nghiệp và Môi trường"
        page.wait_for_load_state("load")  # images included
        assert page.evaluate("document.getElementById('crop').naturalWidth") > 300  # the page, rendered
        page.fill("#reviewer", "Lan (Sở KH&CN)")
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("c")
        page.keyboard.type("75,86")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # The mistyped total: the pillars' sum offered, taken in a click and a key.
        page.goto(f"{server.base}/review?kind=total_disagrees")
        page.locator("#queue tbody tr", has_text="Sở Xây dựng").locator("a.open").click()
        page.wait_for_selector("#correct-form")
        assert page.locator("#as-read").inner_text() == "786,64"
        page.wait_for_load_state("load")
        shot(page, "review-item.png")
        page.click("#use-suggestion")
        assert page.input_value("#value") == "776,64"
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # An OCR'd row accepted as read with one key leaves the queue.
        page.goto(f"{server.base}/review?kind=low_confidence")
        left = int(page.locator("#left").inner_text())
        page.keyboard.press("Enter")
        page.wait_for_selector("#correct-form")
        with page.expect_navigation():
            page.keyboard.press("a")
        page.goto(f"{server.base}/review?kind=low_confidence")
        assert int(page.locator("#left").inner_text()) == left - 1
        assert watched.outside == [] and watched.errors == []

        scores = server.get(f"/api/scores?subject={quote('Sở Xây dựng')}")
        [total] = [s for s in scores if s["code"] == "DTI"]
        assert (total["stated_points"], total["consistent"], total["corrected"]) == (776.64, True, True)
        scores = server.get(f"/api/scores?subject={quote('Sở Nông nghiệp và Môi trường')}")
        [pillar] = [s for s in scores if s["code"] == "1"]
        assert (pillar["stated_points"], pillar["corrected"]) == (75.86, True)
        records = server.get(f"/api/records?subject={quote('Sở Nông nghiệp và Môi trường')}")
        [read] = [r for r in records if r["indicator_code"] == "1"]
        assert (read["fields"]["score"], read["fields_as_read"]["score"]) == ("75,86", "[?]")
    finally:
        server.stop()

    # The command line and the report use the corrections; the values as read stay on record.
    shown = subprocess.run([sys.executable, "-m", "pipeline.cli", "scores", "--db", fresh_db, "--subject", "Sở Xây dựng"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "776.64 (corrected)" in shown
    out = Path(fresh_db).parent / "report"
    api.report(fresh_db, out)
    page_text = (out / "report.html").read_text(encoding="utf-8")
    assert "Giá trị đã sửa khi rà soát" in page_text and "Lan (Sở KH&amp;CN)" in page_text
    again = Server(fresh_db).start()  # a restart keeps every correction
    try:
        assert len(again.get("/api/corrections")) >= 3
    finally:
        again.stop()


def test_a_correction_is_refused_until_the_reviewer_signs_in(fresh_db: str, browser: object) -> None:
    server = Server(fresh_db, "--token", "so-bi-mat-42").start()
    try:
        watched = Watched(browser, server.base)
        page = watched.page
        page.goto(f"{server.base}/review?kind=total_disagrees")
        assert page.locator("a", has_text="Đăng nhập để sửa").count() == 1
        page.locator("#queue tbody tr", has_text="Sở Xây dựng").locator("a.open").click()
        page.wait_for_selector("#correct-form")
        page.fill("#reviewer", "Minh")
        page.click("#accept")
        expect(page.locator("#message")).to_have_text(re.compile("^Cần đăng nhập"))
        assert server.get("/api/corrections") == []
        page.goto(f"{server.base}/login?next=/review")
        page.fill("#token", "sai")
        page.click("button[type=submit]")
        assert page.locator("#refused").count() == 1
        page.fill("#token", "so-bi-mat-42")
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.locator("#queue tbody tr", has_text="Sở Xây dựng").locator("a.open").click()
        page.wait_for_selector("#correct-form")
        with page.expect_navigation():
            page.click("#accept")
        [stored] = server.get("/api/corrections")
        assert (stored["reviewer"], stored["value_as_read"], stored["value"]) == ("Minh", "786.64", 786.64)
        assert watched.outside == []
    finally:
        server.stop()
