from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.core.models import Journalnotat
from levering.services import bestilling_accept, bestilling_decline
from visitation.models import Bestilling

from ..conftest import NOW


class BestillingAcceptTests:
    def test_it_accepts_and_tells_the_myndighed(self, cast, erik_sendt):
        b = bestilling_accept(bestilling=erik_sendt, actor=cast.lise, now=NOW)
        assert b.status == "accepteret" and b.besvaret_af == cast.lise and b.besvaret_at == NOW
        assert b.version == 2
        note = Journalnotat.objects.filter(sag=cast.sag_erik).order_by("-id").first()
        assert "accepteret" in note.emne and note.art == "sagsskridt"

    def test_it_refuses_another_leverandoers_leader(self, cast, erik_sendt):
        with pytest.raises(NotAllowedError):
            bestilling_accept(bestilling=erik_sendt, actor=cast.lars, now=NOW)

    def test_it_refuses_a_bostoette(self, cast, erik_sendt):
        with pytest.raises(NotAllowedError):
            bestilling_accept(bestilling=erik_sendt, actor=cast.dorte, now=NOW)

    def test_it_refuses_an_order_already_answered(self, cast, erik_sendt):
        bestilling_accept(bestilling=erik_sendt, actor=cast.lise, now=NOW)
        with pytest.raises(ApplicationError) as exc:
            bestilling_accept(bestilling=erik_sendt, actor=cast.lise, now=NOW)
        assert exc.value.code == "bestilling_ikke_sendt"

    def test_it_refuses_a_stale_version(self, cast, erik_sendt):
        stale = Bestilling.objects.get(pk=erik_sendt.pk)
        Bestilling.objects.filter(pk=erik_sendt.pk).update(version=5)
        with pytest.raises(ConflictError):
            bestilling_accept(bestilling=stale, actor=cast.lise, now=NOW)
        assert Bestilling.objects.get(pk=erik_sendt.pk).status == "sendt"


class BestillingDeclineTests:
    def test_it_declines_with_a_reason(self, cast, erik_sendt):
        b = bestilling_decline(bestilling=erik_sendt, begrundelse="Timerne er urealistiske for borgerens behov.", actor=cast.lise, now=NOW)
        assert b.status == "afvist" and "urealistiske" in b.afvist_begrundelse
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne__icontains="afvist").exists()

    def test_it_requires_a_reason(self, cast, erik_sendt):
        with pytest.raises(ValidationError) as exc:
            bestilling_decline(bestilling=erik_sendt, begrundelse=" ", actor=cast.lise, now=NOW)
        assert "begrundelse" in exc.value.message_dict
        assert Bestilling.objects.get(pk=erik_sendt.pk).status == "sendt"

    def test_the_database_refuses_a_decline_without_reason(self, cast, erik_sendt):
        with pytest.raises(IntegrityError), transaction.atomic():
            Bestilling.objects.filter(pk=erik_sendt.pk).update(status="afvist", afvist_begrundelse="")
