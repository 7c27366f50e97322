"""The audit site: written offline, opened in headless Chromium, text beside rules, no console errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pyrules.core.kb import default_kb
from pyrules.maintain.audit import sections, write_site
from pyrules.maintain.mapping import SCENARIOS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    # Every scenario runs in its own test already; the site's pass/fail marks are checked on one
    # chapter's scenarios so that this test stays fast.
    write_site(out, default_kb(), scenarios=SCENARIOS / "exam_attempts")
    return out


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_sections_split_at_headings() -> None:
    secs = sections("001_5730cd345873c726.txt")
    attempts = next(s for s in secs if s.title == "Exam attempts")
    assert attempts.first <= 1033 <= attempts.last


def test_site_is_offline_and_lists_coverage(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Rules without a scenario" in index and "Sections with no rule" in index
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), f"{page}: external asset"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make system installs it)")
def test_text_beside_rule_in_headless_chromium(site: Path, tmp_path: Path) -> None:
    page = site / "001_5730cd345873c726.html"
    done = chromium(["--dump-dom", page.as_uri()], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'class="side-by-side"' in dom
    row = dom.split('id="exam_attempts.attempts_used"')[0].rsplit("<tr", 1)[1]
    assert "Students are entitled to three exam attempts in each course or project." in row
    rule = dom.split('id="exam_attempts.attempts_used"')[1].split("</div></td>")[0]
    assert "001_5730cd345873c726.txt | Exam rules &gt; Exam attempts | L1036" in rule
    assert "pass: tests/scenarios/exam_attempts/budget.yaml" in rule
    errors = [line for line in done.stderr.splitlines()
              if "Uncaught" in line or "ERROR:CONSOLE" in line or ":CONSOLE(" in line]
    assert errors == []
    shot = tmp_path / "shot.png"
    done = chromium([f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri()],
                    tmp_path / "profile2")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
