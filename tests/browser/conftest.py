"""Browser tests: Playwright (sync) driving Debian's Chromium against Django's live_server.

Playwright cannot download its own browsers on our machines, so the launch uses
/usr/bin/chromium (`apt-get install chromium`; scripts/ensure_services.py installs it when missing).
axe-core is injected from our own static copy; since our CSP forbids inline scripts, contexts run
with `bypass_csp=True`, and `test_csp.py` checks one page without the bypass.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-results"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "bypass_csp": True, "locale": "da-DK", "timezone_id": "Europe/Copenhagen", "viewport": DESKTOP}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a 375 px wide phone viewport with touch."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True, locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    yield page
    context.close()


def login(page: Any, live_server: Any, user: Any, password: str | None = None) -> None:
    """Log in through the real login form."""
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]:has-text('Log ind')")
    page.wait_for_load_state("networkidle")
    assert "/log-ind/" not in page.url, f"login failed for {user.username}"


def logout(page: Any) -> None:
    page.click("form.app-logout button")
    page.wait_for_load_state("networkidle")


def axe_check(page: Any, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page state and fail on violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"""
    )
    violations = result["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} – " + ", ".join(n["target"][0] for n in v["nodes"][:5])
            for v in violations
        ]
        raise AssertionError(f"axe fandt {len(violations)} brud på {context or page.url}:\n" + "\n".join(lines))


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def login_as(page: Any, live_server: Any):  # type: ignore[no-untyped-def]
    def _login(user: Any) -> Any:
        login(page, live_server, user)
        return page

    return _login
