"""A real headless browser for the HTML reports: Debian's chromium, started per call.

The flags are the ones this workplace's machines need (no sandbox as root, no background
networking: the network is closed). ``dump_dom`` returns the DOM after the page has been
parsed and its scripts (if any) have run, which is what a person's browser would show.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("chromium is not installed: `make test` installs the Debian package as root")


def dump_dom(page: Path) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [chromium_path(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def run(page: Path, *extra: str, window: str = "1280,4000") -> subprocess.CompletedProcess:
    """Chromium on ``page`` with its console logged to stderr (``CONSOLE(...)`` lines); ``extra``
    must hold an action that ends the run (--dump-dom, --screenshot=...): headless Chromium
    otherwise stays open."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [chromium_path(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             f"--window-size={window}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def console_errors(stderr: str) -> list[str]:
    """Console messages and failed loads chromium logged for the page (not its own start-up noise)."""
    return [ln for ln in stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln or "net::ERR_" in ln]


def screenshot(page: Path, out: Path, window: str = "1280,4000") -> None:
    run(page, f"--screenshot={out}", window=window)
    assert out.is_file() and out.stat().st_size > 10_000, "empty screenshot"
