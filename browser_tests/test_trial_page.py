"""The trial page in a real browser: headless Chromium renders the seed trial's page.

Run with ``make test-browser`` (it installs Debian's ``chromium`` first). Not part of
``make test``: a fresh machine has no browser. The page and its screenshot are left in
``reports/browser/`` to be looked at.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import criteria
from criteria.render.english_document import criterion_bodies
from criteria.render.html_page import render_page

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: run `make test-browser`, which installs it")
    return found


def _run(args: list[str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="criteria-chromium-") as profile:
        return subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def seed():
    tree = criteria.parse_study((ROOT / "examples" / "NCT06893783.study.json").read_bytes())
    OUT.mkdir(parents=True, exist_ok=True)
    page = OUT / "NCT06893783.html"
    page.write_text(render_page(tree), encoding="utf-8")
    return tree, page


def test_chromium_draws_the_page(seed):
    _, page = seed
    shot = OUT / "NCT06893783.png"
    shot.unlink(missing_ok=True)
    done = _run([f"--screenshot={shot}", "--window-size=1400,2400", page.as_uri()])
    assert shot.exists() and shot.stat().st_size > 20_000, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_dom_holds_every_criterion_and_its_plain_english(seed):
    tree, page = seed
    done = _run(["--dump-dom", page.as_uri()])
    dom = done.stdout
    assert "<h1>" in dom, done.stderr[-2000:]
    rows = set(re.findall(r'data-criterion="([^"]+)"', dom))
    assert rows == {c.id for c in tree.criteria()}
    for criterion_id, body in criterion_bodies(tree, "patient").items():
        assert html.escape(body, quote=False) in dom, criterion_id
    assert dom.count("<mark ") >= 60  # typed spans highlighted in the browser's own DOM
