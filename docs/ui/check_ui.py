"""Check in a real headless Chromium that the Dagster UI renders the asset graph with every asset
and check, and save screenshots for the README.

Needs Debian's chromium (`apt-get install chromium`) and the `ui` dependency group:
    .uv-tools/bin/uv sync --locked --group ui
    .venv/bin/python docs/ui/check_ui.py          # exit 0 when everything rendered
Not part of the unit suite (it starts a webserver and a browser). Playwright drives the system
Chromium; it never downloads a browser.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PORT = int(os.environ.get("PORT", "3399"))
BASE = f"http://127.0.0.1:{PORT}"
ASSETS = ["raw_files", "speeches", "canonical_speeches", "statements", "staged_warehouse", "published_warehouse"]
CHECKS = ["gx_raw_file", "gx_dim_speech", "gx_fact_indicator_value", "gx_fact_target", "file_reconciliation"]
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


def wait_for_server(timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/server_info", timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise TimeoutError("dagster-webserver did not start")


def dismiss_dialogs(page) -> None:
    for label in ("Skip", "Dismiss", "Close"):
        button = page.get_by_role("button", name=label)
        if button.count():
            button.first.click()
            page.wait_for_timeout(300)


def main() -> int:
    env = {**os.environ, "DAGSTER_HOME": os.environ.get("DAGSTER_HOME", str(REPO / ".dagster_home"))}
    Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    web = subprocess.Popen(
        [str(REPO / ".venv/bin/dagster-webserver"), "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(PORT)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    missing: list[str] = []
    try:
        wait_for_server()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROME_ARGS)
            page = browser.new_page(viewport={"width": 1800, "height": 900})
            page.goto(f"{BASE}/asset-groups", wait_until="networkidle")
            page.wait_for_timeout(3000)
            dismiss_dialogs(page)
            page.wait_for_timeout(3000)
            text = page.content()
            # Each asset must appear in the graph, not only in the sidebar's list: twice at least.
            missing += [a for a in ASSETS if text.count(a) < 2]
            page.screenshot(path=str(OUT / "asset_graph.png"))

            page.goto(f"{BASE}/assets/staged_warehouse?view=checks", wait_until="networkidle")
            page.wait_for_timeout(3000)
            dismiss_dialogs(page)
            text = page.content()
            missing += [c for c in CHECKS if c not in text]
            page.screenshot(path=str(OUT / "checks.png"))
            browser.close()
    finally:
        web.terminate()
        web.wait(timeout=30)
    if missing:
        print("not rendered:", ", ".join(missing))
        return 1
    print(f"UI OK: {len(ASSETS)} assets and {len(CHECKS)} checks rendered; screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
