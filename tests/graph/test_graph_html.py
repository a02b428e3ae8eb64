"""The HTML view opens in headless Chromium, draws every node and runs no name as code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from cwnlp.graph import export_graph

CHROMIUM = next(
    (shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install -y chromium)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,800",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


@needs_chromium
def test_html_view_renders_in_headless_chromium(hostile_graph, hostile_names, tmp_path):
    page = export_graph(hostile_graph, tmp_path / "out", formats=["html"])["html"][0]
    url = page.resolve().as_uri()

    dumped = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = lxml.html.fromstring(dumped.stdout)
    # the page script ran: it counted the nodes it drew and set the title itself
    assert dom.body.get("data-rendered") == str(hostile_graph.number_of_nodes())
    title = dom.findtext(".//title")
    assert title == f"cwnlp network: {hostile_graph.number_of_nodes()} nodes"
    assert "pwned" not in dumped.stdout.split("<body", 1)[0]
    # labels were set as text: the hostile names appear verbatim as text, never as elements
    labels = {t.text_content() for t in dom.iter("text")}
    assert set(hostile_names.values()) <= labels
    assert "市住建局" in labels and "赵明" in labels
    assert not dom.xpath("//img") and not dom.xpath("//svg//script")

    shot = tmp_path / "graph.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 5000
    print(f"screenshot: {shot}")
