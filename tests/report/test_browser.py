"""The report as a person sees it: opened by headless Chromium with the network off.

Chromium resolves no host (`--host-resolver-rules`), and the page's Content-Security-Policy
forbids every fetch, so anything the page would need from outside shows as a console message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import api
from tests.report.conftest import subjects_with_records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True)
def _chromium() -> None:
    """Without Chromium the test is skipped, except under CI=true: a skipped browser test proves nothing."""
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI; scripts/setup.sh installs it")
        pytest.skip("Chromium is installed by scripts/setup.sh")


def open_in_chromium(page: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--enable-logging=stderr", "--v=0", *options, page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def console_messages(stderr: str) -> list[str]:
    return re.findall(r":CONSOLE[^\]]*\] (.*)", stderr)


def test_the_report_renders_its_charts_offline_without_console_messages(sample_report: api.ReportFiles):
    shown = open_in_chromium(sample_report.html, "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert console_messages(shown.stderr) == []
    dom = shown.stdout
    assert dom.count("<svg") >= 5  # three heatmaps, two pillar charts
    assert 'id="cov-' in dom and "Mức độ bao phủ chỉ số" in dom


def test_every_unit_with_records_appears_in_the_rendered_page(sample_report: api.ReportFiles, sample_db: str):
    dom = open_in_chromium(sample_report.html, "--dump-dom").stdout
    assert [unit for unit in sorted(subjects_with_records(sample_db)) if unit not in dom] == []


def test_the_browser_writes_a_screenshot_of_the_report(sample_report: api.ReportFiles, tmp_path: Path):
    shot = tmp_path / "report.png"
    shown = open_in_chromium(sample_report.html, f"--screenshot={shot}", "--window-size=1000,2600")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_a_page_that_needs_the_network_is_caught(tmp_path: Path):
    """The check above can fail: an image from a CDN is refused and said on the console."""
    page = tmp_path / "needs-network.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '</head><body><img src="https://cdn.example.vn/logo.png"></body></html>',
        encoding="utf-8",
    )
    messages = console_messages(open_in_chromium(page, "--dump-dom").stderr)
    assert any("cdn.example.vn/logo.png" in m for m in messages)
