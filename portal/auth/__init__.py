"""Citizen login for the portal: one interface, two providers (NemLog-in OIOSAML 3 through
djangosaml2, or the kommune's OIDC broker through mozilla-django-oidc), plus a development login.

Both providers turn the IdP's answer into a `Borgeridentitet` (issuer, subject, CPR, NSIS
assurance level) and call `borger_login_resolve`, which checks the assurance level, finds the
citizen through the CPR blind index and stores (issuer, subject) on the first login.

Keep this package import-light: settings import `portal.auth.saml_config`."""
