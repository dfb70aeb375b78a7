"""Every citizen page renders for the citizen, in Danish, and is closed to everyone else."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.portal.conftest import NOW, erik_levering, erik_plan

pytestmark = pytest.mark.django_db

PAGES = [
    "portal:forside", "portal:plan", "portal:besoeg-list", "portal:afgoerelse-list", "portal:trivsel",
    "portal:trivsel-udfyld", "portal:paaroerende-list", "portal:adgangslog", "portal:kontakt",
]


class PortalPagesTests:
    @pytest.mark.parametrize("name", PAGES)
    def test_it_shows_the_citizen_their_page(self, name: str, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="da"' in html and "dkfds-borgerdk.min.css" in html
        assert html.count("<h1") == 1

    @pytest.mark.parametrize("name", PAGES)
    def test_staff_get_404(self, name: str, cast, client) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.anna, cast.dorte, cast.ida):
            client.force_login(user)
            assert client.get(reverse(name)).status_code == 404

    @pytest.mark.parametrize("name", PAGES)
    def test_anonymous_is_sent_to_the_portal_login(self, name: str, client) -> None:  # type: ignore[no-untyped-def]
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))

    def test_the_front_page_shows_bostoette_visits_and_the_reminder(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        from bostotte.core.models import Medarbejder  # noqa: PLC0415

        Medarbejder.objects.filter(user=cast.dorte).update(telefon="20 30 40 50")
        erik_levering(cast)
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            html = client.get(reverse("portal:forside")).content.decode()
        assert "Dorte Dahl" in html and "20 30 40 50" in html
        assert "torsdag 5. marts" in html  # the next planned visit
        assert "Svar på spørgsmålene" in html  # WHO-5 never answered: reminded

    def test_the_front_page_shows_the_plan_to_read_and_the_answer_to_a_wish(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        from portal.services import besoegsanmodning_create, besoegsanmodning_handle  # noqa: PLC0415

        lev = erik_levering(cast)
        erik_plan(cast, lev)
        with time_machine.travel(NOW, tick=False):
            anmodning = besoegsanmodning_create(
                borger=cast.erik, besoeg=lev.planned[0], art="aflys", begrundelse="Jeg er hos lægen", actor=cast.erik_user,
            )
            besoegsanmodning_handle(anmodning=anmodning, actor=cast.dorte, svar="Vi ses ugen efter <3")
            client.force_login(cast.erik_user)
            html = client.get(reverse("portal:forside")).content.decode()
        assert "Version 2 af din handleplan er klar." in html
        assert "Du spurgte om besøget torsdag 5. marts." in html and "Vi ses ugen efter &lt;3" in html

    def test_the_front_page_has_a_fixed_query_count(self, cast, ffb, client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
        erik_levering(cast)
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
            client.get(reverse("portal:forside"))
