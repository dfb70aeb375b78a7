"""The API documentation page (Swagger UI from our own static files) runs under our CSP."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_without_csp_errors(browser, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('Log ind')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-tag", timeout=15000)  # the schema loaded and rendered
    assert page.locator("text=/api/v1/sager/").first.is_visible()
    assert not errors, errors
    assert all(url.startswith(live_server.url) for url in requests), (
        "the docs page must not load from a CDN"
    )
    context.close()
