from __future__ import annotations

import pytest

from bostotte.core.models import AccessLog, Sag
from bostotte.core.views import SAGER_PR_SIDE
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db


class SagListTests:
    def test_it_lists_exactly_what_the_access_function_allows(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.anna, cast.bo, cast.carl):
            client.force_login(user)
            response = client.get("/sager/?status=alle")
            shown = {s.pk for s in response.context["page"].object_list}
            assert shown == set(Sag.objects.visible_to(user).values_list("pk", flat=True))

    def test_it_filters_on_my_cases_and_name(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        other = make_borger("Bente", "Bagger", kommune=cast.kommune)
        make_sag(other, cast.anders, cast.team_nord)
        client.force_login(cast.anna)
        assert [s.borger_id for s in client.get("/sager/?mine=1").context["page"].object_list] == [cast.erik.pk]
        assert [s.borger_id for s in client.get("/sager/?q=bagg").context["page"].object_list] == [other.pk]

    @pytest.mark.parametrize("extra", [0, 24])
    def test_it_uses_a_fixed_number_of_queries(self, extra, cast, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        for i in range(extra):
            make_sag(make_borger(f"Navn{i}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord)
        client.force_login(cast.anna)
        client.get("/sager/")  # warm the session
        # a fixed number, whatever the number of rows (incl. the header's inbox badge)
        with django_assert_num_queries(4):  # session, user, the page with its total, inbox badge
            response = client.get("/sager/")
        assert len(response.context["page"].object_list) == extra + 1

    def test_a_large_caseload_is_paged_by_name_with_the_total_shown(self, cast, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        for i in range(SAGER_PR_SIDE + 10):
            make_sag(make_borger(f"Navn{i:02d}", "Zahle", kommune=cast.kommune), cast.anna, cast.team_nord)
        client.force_login(cast.anna)
        expected = list(
            Sag.objects.visible_to(cast.anna)
            .filter(status="aaben", ansvarlig=cast.anna)
            .order_by("borger__efternavn", "borger__fornavn", "id")
            .values_list("pk", flat=True)
        )
        assert len(expected) == SAGER_PR_SIDE + 11
        client.get("/sager/?mine=1")
        with django_assert_num_queries(4):
            first = client.get("/sager/?mine=1")
        page = first.context["page"]
        assert [s.pk for s in page.object_list] == expected[:SAGER_PR_SIDE]
        assert (page.number, page.paginator.num_pages, page.paginator.count) == (1, 2, SAGER_PR_SIDE + 11)
        html = first.content.decode()
        assert f"{SAGER_PR_SIDE + 11} sager" in html and "side 1 af 2" in html
        assert 'href="?status=aaben&amp;mine=1&amp;side=2"' in html  # the filter is kept across pages
        with django_assert_num_queries(4):
            second = client.get("/sager/?mine=1&side=2")
        assert [s.pk for s in second.context["page"].object_list] == expected[SAGER_PR_SIDE:]
        assert 'href="?status=aaben&amp;mine=1&amp;side=1"' in second.content.decode()
        # A page past the end shows the last page; a page that is not a number the first.
        assert [s.pk for s in client.get("/sager/?mine=1&side=99").context["page"].object_list] == expected[SAGER_PR_SIDE:]
        assert client.get("/sager/?mine=1&side=x").context["page"].number == 1

    def test_an_empty_list_says_so(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.anna)
        response = client.get("/sager/?q=findesikke")
        page = response.context["page"]
        assert (list(page.object_list), page.paginator.count, page.paginator.num_pages) == ([], 0, 1)
        assert "Ingen sager matcher." in response.content.decode()

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
