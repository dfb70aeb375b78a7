"""The portal login page, the development login, the friendly refusal pages and the IdP URLs."""

from __future__ import annotations

import importlib

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse

import bostotte.urls
import portal.urls

pytestmark = pytest.mark.django_db


class LoginPageTests:
    def test_it_lists_the_demo_citizens_in_development(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        html = client.get(reverse("portal:login")).content.decode()
        assert "Log ind som Erik Eriksen" in html and "Log ind som Gitte Gregersen" in html
        assert "Log ind som Anna" not in html

    def test_it_hides_them_outside_development(self, cast, client, settings) -> None:  # type: ignore[no-untyped-def]
        settings.DEV_LOGIN = False
        html = client.get(reverse("portal:login")).content.decode()
        assert "Demo-borgere" not in html and "Erik Eriksen" not in html


class DevLoginTests:
    def test_it_logs_the_chosen_citizen_in(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        response = client.post(reverse("portal:dev-login"), {"borger": str(cast.erik.uuid)})
        assert response.status_code == 302 and response["Location"] == reverse("portal:forside")
        assert client.get(reverse("portal:forside")).status_code == 200

    def test_it_does_not_exist_outside_development(self, cast, client, settings) -> None:  # type: ignore[no-untyped-def]
        settings.DEV_LOGIN = False
        assert client.post(reverse("portal:dev-login"), {"borger": str(cast.erik.uuid)}).status_code == 404
        assert client.get(reverse("portal:forside")).status_code == 302

    def test_it_refuses_a_citizen_without_login_and_nonsense(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        from tests.factories import make_borger  # noqa: PLC0415

        uden = make_borger("Uden", "Login", kommune=cast.kommune)
        assert client.post(reverse("portal:dev-login"), {"borger": str(uden.uuid)}).status_code == 404
        assert client.post(reverse("portal:dev-login"), {"borger": "x"}).status_code == 404

    def test_it_cannot_log_in_as_staff(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        assert client.post(reverse("portal:dev-login"), {"borger": str(cast.anna.uuid)}).status_code == 404


class LoginFejlTests:
    def test_an_unknown_citizen_gets_a_friendly_page(self, client) -> None:  # type: ignore[no-untyped-def]
        session = client.session
        session["portal_login_fejl"] = "ukendt"
        session.save()
        response = client.get(reverse("portal:login-fejl"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Vi kan ikke finde dig" in html and "Hvem kan du ringe til?" in html
        # shown once: a reload shows the general page
        assert "Vi kan ikke finde dig" not in client.get(reverse("portal:login-fejl")).content.decode()

    def test_a_too_low_assurance_level_explains_mitid(self, client) -> None:  # type: ignore[no-untyped-def]
        html = client.get(reverse("portal:login-fejl") + "?grund=sikringsniveau").content.decode()
        assert "MitID-appen" in html

    def test_the_contact_phone_is_shown(self, client) -> None:  # type: ignore[no-untyped-def]
        from portal.services import portal_indstillinger_get  # noqa: PLC0415

        s = portal_indstillinger_get()
        s.kontakt_telefon = "70 10 20 30"
        s.save()
        assert "70 10 20 30" in client.get(reverse("portal:login-fejl")).content.decode()


def _reload_urls() -> None:
    importlib.reload(portal.urls)
    importlib.reload(bostotte.urls)
    clear_url_caches()


@pytest.fixture
def reload_urls():  # type: ignore[no-untyped-def]
    yield _reload_urls
    # Back to the test settings (both providers off). This runs before pytest-django's
    # `settings` fixture is restored, so switch them off explicitly.
    with override_settings(PORTAL_SAML_ENABLED=False, PORTAL_OIDC_ENABLED=False):
        _reload_urls()


class ProviderUrlTests:
    def test_the_idp_urls_do_not_exist_when_switched_off(self) -> None:
        for name in ("portal:saml-acs", "portal:saml-login", "portal:saml-metadata", "portal:oidc-login", "portal:oidc-callback"):
            with pytest.raises(NoReverseMatch):
                reverse(name)

    def test_the_saml_urls_exist_when_switched_on_and_are_login_exempt(self, settings, reload_urls) -> None:  # type: ignore[no-untyped-def]
        settings.PORTAL_SAML_ENABLED = True
        reload_urls()
        assert reverse("portal:saml-acs") == "/borger/saml/acs/"
        for p in portal.urls.urlpatterns:
            if p.name and p.name.startswith("saml-"):
                assert p.callback.login_required is False, p.name
        with pytest.raises(NoReverseMatch):
            reverse("portal:oidc-callback")

    def test_the_oidc_urls_exist_when_switched_on_and_are_login_exempt(self, settings, reload_urls) -> None:  # type: ignore[no-untyped-def]
        settings.PORTAL_OIDC_ENABLED = True
        reload_urls()
        assert reverse("portal:oidc-callback") == "/borger/oidc/callback/"
        for p in portal.urls.urlpatterns:
            if p.name and p.name.startswith("oidc-"):
                assert p.callback.login_required is False, p.name

    def test_a_callback_without_a_known_state_shows_the_friendly_page(self, settings, reload_urls, client) -> None:  # type: ignore[no-untyped-def]
        settings.PORTAL_OIDC_ENABLED = True
        settings.PORTAL_OIDC_RP_CLIENT_ID = "x"
        settings.PORTAL_OIDC_RP_CLIENT_SECRET = "y"
        settings.PORTAL_OIDC_OP_TOKEN_ENDPOINT = "https://broker.invalid/token"
        settings.PORTAL_OIDC_OP_USER_ENDPOINT = "https://broker.invalid/userinfo"
        settings.PORTAL_OIDC_OP_JWKS_ENDPOINT = "https://broker.invalid/jwks"
        reload_urls()
        response = client.get("/borger/oidc/callback/?code=abc&state=unknown")
        assert response.status_code == 302 and response["Location"] == reverse("portal:login-fejl")
        assert "Vi kunne ikke logge dig ind" in client.get(response["Location"]).content.decode()
