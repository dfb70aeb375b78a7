from __future__ import annotations

import pytest
from django.urls import reverse

from bostotte.core.models import Paaroerende, Samtykke
from bostotte.core.services.borger import paaroerende_create, samtykke_give

pytestmark = pytest.mark.django_db


class PaaroerendeViewTests:
    def test_the_citizen_adds_a_relative_with_consent(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.post(reverse("portal:paaroerende-list"), {"navn": "Mona Eriksen", "relation": "mor", "omfang": ["plan", "kontakt"]})
        assert response.status_code == 302
        p = Paaroerende.objects.get(borger=cast.erik)
        assert p.samtykker.get().omfang == ["kontakt", "plan"]
        html = client.get(reverse("portal:paaroerende-list")).content.decode()
        assert "Mona Eriksen" in html and "Må se min plan" in html

    def test_missing_consent_is_shown_and_input_kept(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.post(reverse("portal:paaroerende-list"), {"navn": "Mona", "relation": "mor"})
        assert response.status_code == 422
        html = response.content.decode()
        assert "Vælg mindst én ting, den pårørende må." in html and 'value="Mona"' in html
        assert not Paaroerende.objects.exists()

    def test_the_citizen_limits_and_withdraws_consent(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        p = paaroerende_create(borger=cast.erik, navn="Mona", relation="mor", actor=None)
        samtykke_give(paaroerende=p, omfang=["plan", "besoeg"], actor=None)
        client.force_login(cast.erik_user)
        assert client.post(reverse("portal:paaroerende-detail", args=[p.uuid]), {"omfang": ["besoeg"]}).status_code == 302
        assert list(Samtykke.objects.filter(paaroerende=p, tilbagekaldt_at__isnull=True).values_list("omfang", flat=True)) == [["besoeg"]]
        assert client.post(reverse("portal:paaroerende-tilbagekald", args=[p.uuid])).status_code == 302
        assert not Samtykke.objects.filter(paaroerende=p, tilbagekaldt_at__isnull=True).exists()
        html = client.get(reverse("portal:paaroerende-list")).content.decode()
        assert "Må ikke få oplysninger." in html

    def test_staff_see_the_consent_on_the_citizen_page(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        client.post(reverse("portal:paaroerende-list"), {"navn": "Mona Eriksen", "relation": "mor", "omfang": ["plan"]})
        client.force_login(cast.anna)
        html = client.get(reverse("core:borger-detail", args=[cast.erik.uuid])).content.decode()
        assert "Mona Eriksen" in html and "Må se planen" in html

    def test_another_citizens_relative_is_404(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        p = paaroerende_create(borger=cast.gitte, navn="Hans", relation="bror", actor=None)
        samtykke_give(paaroerende=p, omfang=["plan"], actor=None)
        client.force_login(cast.erik_user)
        assert client.get(reverse("portal:paaroerende-detail", args=[p.uuid])).status_code == 404
        assert client.post(reverse("portal:paaroerende-tilbagekald", args=[p.uuid])).status_code == 404
        assert Samtykke.objects.filter(paaroerende=p, tilbagekaldt_at__isnull=True).exists()
