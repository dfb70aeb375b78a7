from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from portal.models import Trivselsmaaling
from portal.selectors import trivsel_status
from portal.services import trivselsmaaling_create
from tests.portal.conftest import NOW

pytestmark = pytest.mark.django_db
KEYS = ("happy", "calm", "active", "rested", "interest")


class TrivselUdfyldTests:
    def test_it_saves_the_answers_and_thanks_the_citizen(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        data = {f"who5_{k}": v for k, v in zip(KEYS, ["3", "2", "4", "1", "5"], strict=True)}
        data.update({"livstilfredshed": "6", "livsmod_haab": "4", "bemaerkning": ""})
        response = client.post(reverse("portal:trivsel-udfyld"), data)
        assert response.status_code == 302 and response["Location"] == reverse("portal:trivsel-tak")
        m = Trivselsmaaling.objects.get()
        assert (m.who5_score, m.livstilfredshed, m.livsmod_haab, m.livsmod_tryghed, m.indtastet_af) == (60, 6, 4, None, cast.erik_user)
        assert "60 ud af 100" in client.get(response["Location"]).content.decode()

    def test_missing_answers_are_shown_and_the_rest_is_kept(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.post(reverse("portal:trivsel-udfyld"), {"who5_happy": "3", "livstilfredshed": "7"})
        assert response.status_code == 422
        html = response.content.decode()
        assert html.count("Vælg et svar.") >= 4 and 'href="#id_who5_calm_0"' in html
        assert 'value="3" checked' in html and 'value="7" checked' in html
        assert not Trivselsmaaling.objects.exists()

    def test_a_low_score_suggests_talking_to_someone(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        client.post(reverse("portal:trivsel-udfyld"), {f"who5_{k}": "1" for k in KEYS})
        assert "Livslinien" in client.get(reverse("portal:trivsel-tak")).content.decode()


class TrivselStatusTests:
    def test_it_reminds_when_never_answered(self, cast) -> None:  # type: ignore[no-untyped-def]
        assert trivsel_status(borger=cast.erik, now=NOW).er_tid

    def test_it_reminds_again_after_the_interval(self, cast) -> None:  # type: ignore[no-untyped-def]
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW)
        status = trivsel_status(borger=cast.erik, now=NOW + timedelta(days=60))
        assert not status.er_tid and status.naeste_on.isoformat() == "2026-06-02"
        assert trivsel_status(borger=cast.erik, now=NOW + timedelta(days=92)).er_tid

    def test_the_interval_comes_from_the_portal_setting(self, cast) -> None:  # type: ignore[no-untyped-def]
        from portal.services import portal_indstillinger_get  # noqa: PLC0415

        s = portal_indstillinger_get()
        s.trivsel_interval_maaneder = 1
        s.save()
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW)
        assert trivsel_status(borger=cast.erik, now=NOW + timedelta(days=31)).er_tid

    def test_the_due_date_is_a_calendar_date_across_dst(self, cast) -> None:  # type: ignore[no-untyped-def]
        # Answered 23:30 local time on 28 January (winter time); due 28 April (summer time).
        from datetime import datetime  # noqa: PLC0415
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        answered = datetime(2026, 1, 28, 23, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=answered)
        status = trivsel_status(borger=cast.erik, now=datetime(2026, 4, 28, 0, 5, tzinfo=ZoneInfo("Europe/Copenhagen")))
        assert status.naeste_on.isoformat() == "2026-04-28" and status.er_tid

    def test_the_front_page_hides_the_reminder_when_answered(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW)
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW + timedelta(days=1), tick=False):
            assert "Svar på spørgsmålene" not in client.get(reverse("portal:forside")).content.decode()
