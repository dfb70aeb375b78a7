"""The "I dag" rows and the visit form's reads compiled once and re-run with values (issue 10:
`sql.FixedSql` in levering/selectors.py and levering/forms.py) answer what the ORM querysets
they replaced answered: the same rows for assigned, ended and future assignments and other
days' and other staff's visits; the same visit objects, or 404, for every role; the same
choice lists. And they are compiled once (not rebuilt on every call)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404
from django.utils import timezone

from bostotte.core.sql import compiled_sql
from bostotte.ffb.models import Kode
from handleplaner.models import Delmaal
from levering import selectors
from levering.access import LIVE_BESTILLING, bostoette_scope_values, tildeling_active_q
from levering.forms import _VALG, BesoegForm, _aktive_delmaal, _valg_query
from levering.models import Besoeg, Tildeling
from levering.services import besoeg_create, bestilling_accept, tildeling_create
from visitation.models import Bestilling

from .. import builders
from ..conftest import NOW, aware

pytestmark = pytest.mark.django_db

TODAY = aware(2026, 3, 4, 12)


def _orm_i_dag(user, now):  # type: ignore[no-untyped-def]
    """`selectors.i_dag_rows`'s two querysets as they were before issue 10's compile-once."""
    borger = "bestilling__sag__borger__"
    aktive_delmaal = (
        Delmaal.objects.filter(plan__bestilling_id=OuterRef("bestilling_id"), status=Delmaal.Status.AKTIV)
        .order_by("raekkefoelge", "id").values("titel")
    )
    borgere_qs = (
        Tildeling.objects.filter(tildeling_active_q(user, now), bestilling__status__in=LIVE_BESTILLING)
        .order_by(f"{borger}fornavn", "id")
        .values("bestilling_id", bestilling_uuid=F("bestilling__uuid"), fornavn=F(f"{borger}fornavn"), efternavn=F(f"{borger}efternavn"),
                adresse=F(f"{borger}adresse"), postnummer=F(f"{borger}postnummer"), by=F(f"{borger}by"), telefon=F(f"{borger}telefon"),
                delmaal=ArraySubquery(aktive_delmaal))
    )
    borgere = list(borgere_qs)
    lo, hi = selectors._day_bounds(timezone.localdate(now))
    besoeg = list(
        Besoeg.objects.filter(medarbejder=user, starts_at__gte=lo, starts_at__lt=hi)
        .filter(bestilling_id__in={b["bestilling_id"] for b in borgere})
        .order_by("starts_at", "id").values("uuid", "bestilling_id", "starts_at", "ends_at", "kontaktform", "status")
    )
    return borgere, besoeg, borgere_qs


@pytest.fixture
def gitte(cast):  # type: ignore[no-untyped-def]
    """Gitte's bestilling at Bostøtten Nord: dorte assigned until 3 March (ended), frank from 1 January."""
    b = bestilling_accept(bestilling=builders.bestilling(cast.sag_gitte, cast.lev_nord, oprettet_af=cast.carl, now=NOW), actor=cast.lise, now=NOW)
    tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 3), er_primaer=False, actor=cast.lise, now=NOW)
    tildeling_create(bestilling=b, medarbejder=cast.frank, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
    return b


def _visit(cast, user, bestilling, start, **kw):  # type: ignore[no-untyped-def]
    return besoeg_create(bestilling=bestilling, medarbejder=user, starts_at=start, ends_at=start + timedelta(minutes=30),
                         kontaktform=kw.pop("kontaktform", "hjemmebesoeg"), status=kw.pop("status", "planlagt"), actor=user, now=start, **kw)


class IDagRowsTests:
    def test_the_rows_are_the_orm_querysets_rows(self, cast, erik, gitte):
        builders.delmaal(erik.bestilling, titel="Andet")
        with time_machine.travel(aware(2026, 3, 3, 12), tick=False):
            _visit(cast, cast.dorte, gitte, aware(2026, 3, 3, 9))  # the assignment ended that day
        with time_machine.travel(TODAY, tick=False):
            _visit(cast, cast.dorte, erik.bestilling, aware(2026, 3, 4, 8), status="gennemfoert")
            _visit(cast, cast.dorte, erik.bestilling, aware(2026, 3, 4, 15))
            _visit(cast, cast.dorte, erik.bestilling, aware(2026, 3, 5, 8))  # tomorrow
            _visit(cast, cast.frank, gitte, aware(2026, 3, 4, 10))
        for day in (aware(2026, 3, 3, 12), TODAY, aware(2026, 3, 5, 12)):
            for user in (cast.dorte, cast.frank):
                dag = selectors.i_dag_rows(user=user, now=day)
                borgere, besoeg, _qs = _orm_i_dag(user, day)
                assert (list(dag.borgere), list(dag.besoeg)) == (borgere, besoeg)
        dag = selectors.i_dag_rows(user=cast.dorte, now=TODAY)
        assert len(dag.borgere) == 1 and len(dag.besoeg) == 2 and dag.borgere[0]["delmaal"] == [erik.delmaal.titel, "Andet"]
        assert len(selectors.i_dag_rows(user=cast.dorte, now=aware(2026, 3, 3, 12)).besoeg) == 1
        # compiled once, and the citizens' query is the ORM's SQL with the values
        assert selectors._I_DAG_BORGERE.cache["default"] is not None and selectors._I_DAG_BESOEG.cache["default"] is not None
        assert selectors._I_DAG_BORGERE.sql(cast.dorte.pk, date(2026, 3, 4)) == compiled_sql(_orm_i_dag(cast.dorte, TODAY)[2])

    def test_the_columns_are_the_querysets_columns(self):
        borgere = selectors._i_dag_borgere_query(1, date(2026, 3, 4))
        besoeg = selectors._i_dag_besoeg_query(1, TODAY, TODAY, [1])
        assert tuple(borgere.query.values_select) + tuple(borgere.query.annotation_select) == selectors._I_DAG_BORGERE_NAMES
        assert tuple(besoeg.query.values_select) + tuple(besoeg.query.annotation_select) == selectors._I_DAG_BESOEG_NAMES


def _orm_form(user: Any, uuid: Any, med_borger: bool) -> Besoeg | None:
    """`besoeg_get_for_form` as the ORM query through `Bestilling.objects.visible_to`."""
    try:
        return selectors._besoeg_form_base(med_borger).get(uuid=uuid, bestilling__in=Bestilling.objects.visible_to(user))
    except Besoeg.DoesNotExist:
        return None


def _state(v: Besoeg | None, med_borger: bool) -> Any:
    """Every loaded column of the visit and its related objects, and what they hold in cache."""
    if v is None:
        return None
    out = [v.__dict__.get("delmaal_ids"), v.__dict__.get("ydelse_ids")]
    chain = [v, v.bestilling, v.bestilling.sag, v.bestilling.sag.borger] if med_borger else [v, v.bestilling]
    for obj in chain:
        out.append((type(obj), {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}, obj._state.db, obj._state.adding))
        out.append(sorted(obj._state.fields_cache))
    return out


class BesoegFormReadTests:
    def test_the_visit_is_the_orm_querys_for_every_role(self, cast, erik, gitte, django_assert_num_queries):
        """dorte sees her visit, not frank's on the bestilling she was assigned to until yesterday;
        frank the other way round; the leader both (the ORM query); the others nothing."""
        with time_machine.travel(TODAY, tick=False):
            own = _visit(cast, cast.dorte, erik.bestilling, aware(2026, 3, 4, 8), status="gennemfoert", delmaal=[erik.delmaal],
                         ydelser=list(Kode.objects.ydelser_85()[:2]))
            franks = _visit(cast, cast.frank, gitte, aware(2026, 3, 4, 9))
            for user in (cast.dorte, cast.frank, cast.lise, cast.hans, cast.carl):
                for v in (own, franks):
                    for med_borger in (True, False):
                        expected = _orm_form(user, v.uuid, med_borger) if user.rolle in selectors.LEVERANDOER else None
                        try:
                            with django_assert_num_queries(1 if user.rolle in selectors.LEVERANDOER else 0):
                                got = selectors.besoeg_get_for_form(user=user, uuid=str(v.uuid), med_borger=med_borger)
                        except Http404:
                            got = None
                        assert _state(got, med_borger) == _state(expected, med_borger), (user, v, med_borger)
            got = selectors.besoeg_get_for_form(user=cast.dorte, uuid=own.uuid, med_borger=True)
            assert got.delmaal_ids == [erik.delmaal.pk] and got.bestilling.sag.borger == cast.sag_erik.borger
            with pytest.raises(Http404):
                selectors.besoeg_get_for_form(user=cast.dorte, uuid="not-a-uuid", med_borger=True)
            # an inactive bostøtte: the ORM query (the access function's NOTHING), not the compiled one
            cast.dorte.is_active = False
            assert bostoette_scope_values(cast.dorte) is None
            with pytest.raises(Http404):
                selectors.besoeg_get_for_form(user=cast.dorte, uuid=own.uuid, med_borger=True)

    def test_the_compiled_query_is_the_orm_query_with_the_values(self, cast, erik):
        with time_machine.travel(TODAY, tick=False):
            v = _visit(cast, cast.dorte, erik.bestilling, aware(2026, 3, 4, 8))
            for med_borger in (True, False):
                orm = selectors._besoeg_form_base(med_borger).filter(
                    uuid=v.uuid, bestilling__in=Bestilling.objects.visible_to(cast.dorte)
                ).order_by()[:MAX_GET_RESULTS]
                fixed = selectors._BESOEG_FORM[med_borger]
                assert fixed.sql(*bostoette_scope_values(cast.dorte), v.uuid) == compiled_sql(orm)
                assert fixed.cache["default"] is not None


class ValgTests:
    def test_the_lists_are_the_orm_querys(self, cast, erik, gitte):
        builders.delmaal(erik.bestilling, titel="Andet")
        for ids in ([erik.bestilling.pk], [gitte.pk], [erik.bestilling.pk, gitte.pk]):
            assert list(_VALG.rows(ids[0])) == list(_valg_query(_aktive_delmaal(ids[:1])))
            form = BesoegForm(None, bestilling_ids=ids)
            rows = list(_valg_query(_aktive_delmaal(ids)))
            assert form.valg == {
                name: [(pk, label) for liste, _n, _sti, pk, label in rows if liste == i]
                for i, name in enumerate(("delmaal", "ydelser", "note_undertema"))
            }
        assert _VALG.cache["default"] is not None
        assert len(BesoegForm(None, bestilling_ids=[erik.bestilling.pk]).valg["delmaal"]) == 2
