"""Log in to a running Kumppani and save a screenshot of the accounts list.

Usage: python tests/e2e/screenshot.py BASE_URL OUTPUT.png [EMAIL PASSWORD]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_EMAIL = "admin@kumppani.example"
DEMO_PASSWORD = "kumppani-demo"


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    base_url = argv[1].rstrip("/")
    output = Path(argv[2])
    email = argv[3] if len(argv) > 3 else DEMO_EMAIL
    password = argv[4] if len(argv) > 4 else DEMO_PASSWORD
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="fi-FI")
        page.goto(f"{base_url}/login")
        page.get_by_test_id("login-form").locator("input[name=email]").fill(email)
        page.get_by_test_id("login-form").locator("input[name=password]").fill(password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(f"{base_url}/accounts")
        page.get_by_test_id("accounts-table").locator("tbody tr").first.wait_for()
        page.screenshot(path=str(output), full_page=False)
        browser.close()
    print(f"saved {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
