"""The one login interface: assurance level, CPR through the blind index, (issuer, subject)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from bostotte.core.models import Borger, User
from portal.auth.identity import Borgeridentitet, LoginAfvist, borger_login_resolve, loa_normalise
from tests.factories import make_borger

pytestmark = pytest.mark.django_db
ISS = "https://saml.nemlog-in.dk"


def _ident(borger: Borger, **kw: str) -> Borgeridentitet:
    args = {"issuer": ISS, "subject": "sub-erik-1", "cpr": borger.cpr, "loa": "substantial"}
    args.update(kw)
    return Borgeridentitet(**args)


class LoaNormaliseTests:
    @pytest.mark.parametrize(
        "value,level",
        [
            ("https://data.gov.dk/concept/core/nsis/loa/Substantial", "substantial"),
            (["https://data.gov.dk/concept/core/nsis/loa/High"], "high"),
            ("Low", "low"),
            ("NSIS:High", "high"),
            ("", ""),
            (None, ""),
            ("Medium", ""),
        ],
    )
    def test_it_reads_the_nsis_level(self, value: object, level: str) -> None:
        assert loa_normalise(value) == level


class BorgerLoginResolveTests:
    def test_first_login_stores_issuer_and_subject(self, cast) -> None:  # type: ignore[no-untyped-def]
        user = borger_login_resolve(identitet=_ident(cast.erik))
        assert user == cast.erik_user
        user.refresh_from_db()
        assert (user.oidc_issuer, user.oidc_subject) == (ISS, "sub-erik-1")

    def test_a_known_subject_logs_in_again(self, cast) -> None:  # type: ignore[no-untyped-def]
        borger_login_resolve(identitet=_ident(cast.erik))
        assert borger_login_resolve(identitet=_ident(cast.erik)) == cast.erik_user

    def test_a_citizen_without_a_login_gets_one_with_rolle_borger(self, cast) -> None:  # type: ignore[no-untyped-def]
        new = make_borger("Nina", "Nielsen", kommune=cast.kommune)
        user = borger_login_resolve(identitet=_ident(new, subject="sub-nina"))
        new.refresh_from_db()
        assert new.user == user and user.rolle == "borger" and not user.has_usable_password()
        assert user.groups.filter(name="borger").exists() and Group.objects.filter(name="borger").exists()

    @pytest.mark.parametrize("loa", ["low", "", "medium"])
    def test_it_refuses_a_too_low_assurance_level(self, loa: str, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.erik, loa=loa))
        assert exc.value.kode == "sikringsniveau"
        cast.erik_user.refresh_from_db()
        assert cast.erik_user.oidc_subject == ""

    def test_high_is_required_when_configured(self, cast, settings) -> None:  # type: ignore[no-untyped-def]
        settings.PORTAL_MIN_LOA = "high"
        with pytest.raises(LoginAfvist):
            borger_login_resolve(identitet=_ident(cast.erik, loa="substantial"))
        assert borger_login_resolve(identitet=_ident(cast.erik, loa="high")) == cast.erik_user

    def test_an_unknown_cpr_is_refused_as_unknown(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=Borgeridentitet(issuer=ISS, subject="x", cpr="0101701234", loa="high"))
        assert exc.value.kode == "ukendt"
        assert not User.objects.filter(oidc_subject="x").exists()

    @pytest.mark.parametrize("field", ["subject", "issuer", "cpr"])
    def test_missing_values_are_refused(self, field: str, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.erik, **{field: ""}))
        assert exc.value.kode == "mangler"

    def test_a_subject_belonging_to_someone_else_is_refused(self, cast) -> None:  # type: ignore[no-untyped-def]
        borger_login_resolve(identitet=_ident(cast.erik, subject="shared"))
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.gitte, subject="shared"))
        assert exc.value.kode == "konflikt"

    def test_another_subject_at_the_same_issuer_is_refused(self, cast) -> None:  # type: ignore[no-untyped-def]
        borger_login_resolve(identitet=_ident(cast.erik, subject="first"))
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.erik, subject="second"))
        assert exc.value.kode == "konflikt"

    def test_moving_to_another_idp_updates_the_identity(self, cast) -> None:  # type: ignore[no-untyped-def]
        borger_login_resolve(identitet=_ident(cast.erik, subject="saml-sub"))
        user = borger_login_resolve(identitet=_ident(cast.erik, issuer="https://broker.kommune.dk", subject="oidc-sub"))
        user.refresh_from_db()
        assert (user.oidc_issuer, user.oidc_subject) == ("https://broker.kommune.dk", "oidc-sub")

    def test_a_disabled_login_is_refused(self, cast) -> None:  # type: ignore[no-untyped-def]
        User.objects.filter(pk=cast.erik_user.pk).update(is_active=False)
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.erik))
        assert exc.value.kode == "spaerret"

    def test_a_staff_account_linked_to_a_citizen_is_refused(self, cast) -> None:  # type: ignore[no-untyped-def]
        Borger.objects.filter(pk=cast.erik.pk).update(user=cast.anna)
        with pytest.raises(LoginAfvist) as exc:
            borger_login_resolve(identitet=_ident(cast.erik))
        assert exc.value.kode == "konflikt"
