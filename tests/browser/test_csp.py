"""Without bypassing CSP: our pages run with no CSP violations (no inline script or style)."""

from __future__ import annotations

import pytest

from .conftest import CHROMIUM  # noqa: F401  (documents which browser is used)

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_has_no_csp_errors(browser, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_username", "anna")
    from tests.factories import PASSWORD

    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('Log ind')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object"  # our script ran under the policy
    assert not errors, errors
    context.close()
