"""Log in to a running Kumppani and save a screenshot of one screen (the accounts list unless
--path says otherwise).

Usage: python tests/e2e/screenshot.py BASE_URL OUTPUT.png [EMAIL PASSWORD] [--path /PATH]
       [--width 1440]

The screenshot is taken once the screen's first table row is shown.
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
# The table each screen shows when it has loaded.
TABLES = {"/accounts": "accounts-table", "/service-requests": "requests-table"}


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    options = {"--path": "/accounts", "--width": "1440"}
    for name in options:
        if name in args:
            i = args.index(name)
            if i + 1 >= len(args):
                print(__doc__, file=sys.stderr)
                return 2
            options[name] = args[i + 1]
            del args[i : i + 2]
    path, width = options["--path"], int(options["--width"])
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    base_url = args[0].rstrip("/")
    output = Path(args[1])
    email = args[2] if len(args) > 2 else DEMO_EMAIL
    password = args[3] if len(args) > 3 else DEMO_PASSWORD
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="fi-FI")
        page.goto(f"{base_url}/login")
        page.get_by_test_id("login-form").locator("input[name=email]").fill(email)
        page.get_by_test_id("login-form").locator("input[name=password]").fill(password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(f"{base_url}/accounts")
        if path != "/accounts":
            page.goto(f"{base_url}{path}")
        table = TABLES.get(path.split("?")[0])
        if table:
            page.get_by_test_id(table).locator("tbody tr").first.wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(output), full_page=False)
        browser.close()
    print(f"saved {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
