from __future__ import annotations

import pytest

from bostotte.core.models import AccessLog, Sag
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db


class SagListTests:
    def test_it_lists_exactly_what_the_access_function_allows(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.anna, cast.bo, cast.carl):
            client.force_login(user)
            response = client.get("/sager/?status=alle")
            shown = {s.pk for s in response.context["sager"]}
            assert shown == set(Sag.objects.visible_to(user).values_list("pk", flat=True))

    def test_it_filters_on_my_cases_and_name(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        other = make_borger("Bente", "Bagger", kommune=cast.kommune)
        make_sag(other, cast.anders, cast.team_nord)
        client.force_login(cast.anna)
        assert [s.borger for s in client.get("/sager/?mine=1").context["sager"]] == [cast.erik]
        assert [s.borger for s in client.get("/sager/?q=bagg").context["sager"]] == [other]

    @pytest.mark.parametrize("extra", [0, 24])
    def test_it_uses_a_fixed_number_of_queries(self, extra, cast, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        for i in range(extra):
            make_sag(make_borger(f"Navn{i}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord)
        client.force_login(cast.anna)
        client.get("/sager/")  # warm the session
        # a fixed number, whatever the number of rows (incl. the header's inbox badge)
        with django_assert_num_queries(7):
            response = client.get("/sager/")
        assert len(response.context["sager"]) == extra + 1

    def test_cpr_search_is_a_post_logged_and_never_in_the_url(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.anna)
        response = client.post("/sager/", {"cpr": cast.erik.cpr})
        assert response.status_code == 200
        assert response.context["cpr_hit"] == cast.erik
        assert cast.erik.cpr not in response.content.decode()
        assert AccessLog.objects.filter(borger=cast.erik, art="soegning", actor=cast.anna).count() == 1

    def test_an_invalid_cpr_gets_a_danish_message_and_keeps_the_input(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.anna)
        response = client.post("/sager/", {"cpr": "321390-1234"})
        body = response.content.decode()
        assert "gyldig fødselsdato" in body
        assert 'value="321390-1234"' in body

    def test_leverandoer_staff_cannot_search_by_cpr(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.dorte)
        response = client.post("/sager/", {"cpr": cast.erik.cpr})
        assert response.context["cpr_hit"] is None
        assert not AccessLog.objects.exists()
