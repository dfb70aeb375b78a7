"""Every measure against the hand-computed dataset in builders.py (period 1.1.–30.6.2026,
today 15.6.2026). The comments show the hand computation."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from levering.models import Tildeling
from tilsyn.maaling import measures as m
from tilsyn.maaling.scope import IDENTIFICERET, fixed_leverandoer_id

from ..factories import make_borger, make_sag
from . import builders as b
from .builders import TODAY

pytestmark = pytest.mark.django_db


def rows(r):  # type: ignore[no-untyped-def]
    return {x.label: (x.values, x.n) for x in r.rows}


@pytest.fixture
def alle(data, cast, udsnit_for):  # type: ignore[no-untyped-def]
    """The analytiker's scope (every case), identified so nothing is suppressed."""
    return udsnit_for(cast.hans, niveau=IDENTIFICERET)


class VentetidTests:
    def test_it_computes_median_and_p90_per_step(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.ventetid(alle))
        # henvendelse → afgørelse: Erik 20, Gitte 40, Mona 10 (her 00:30 decision on the DST day
        # counts as 29 March in Copenhagen, not 28 March in UTC) → median 20, p90 = 20 + 0.8·20 = 36
        assert r["Henvendelse → afgørelse"] == ({"median": 20.0, "p90": 36.0}, 3)
        # afgørelse → first delivered visit: Erik 10 (the cancelled 1 Feb visit does not count), Gitte 30
        assert r["Afgørelse → første leverede besøg"] == ({"median": 20.0, "p90": 28.0}, 2)
        assert r["Henvendelse → første leverede besøg"] == ({"median": 50.0, "p90": 66.0}, 2)
        # Mona: no visits at all, still waiting: 15.6. − 29.3. = 78 days
        assert r["Venter stadig på første besøg (dage indtil nu)"] == ({"median": 78.0, "p90": 78.0}, 1)

    def test_it_is_empty_for_a_period_without_data(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        r = m.ventetid(udsnit_for(cast.hans, fra=date(2024, 1, 1), til=date(2024, 12, 31), niveau=IDENTIFICERET))
        assert r.rows[0].values == {"median": None, "p90": None} and r.rows[0].n == 0


class ProcesTests:
    def test_it_counts_the_sagsbehandlingsfrist(self, alle) -> None:  # type: ignore[no-untyped-def]
        # Erik, Gitte, Mona decided in time; Ole's first application overdue; his second not yet due
        assert rows(m.frist_overholdt(alle))["Ansøgninger med frist i perioden"] == ({"pct": 75.0, "antal_overholdt": 3}, 4)

    def test_it_counts_handleplan_offered_and_accepted(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.handleplan(alle))
        assert r["Tilbudt (af sager med bevilling i perioden)"] == ({"pct": 66.7, "antal": 2}, 3)
        assert r["Accepteret (af dem, der fik tilbuddet)"] == ({"pct": 50.0, "antal": 1}, 2)

    def test_it_measures_bestilling_answer_time(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.bestilling_svartid(alle))
        # 1.5, 10 and 0.5 days → median 1.5, p90 = 1.5 + 0.8·8.5 = 8.3; Gitte's 10 days > 5-day frist
        assert r["Alle leverandører"] == ({"median": 1.5, "p90": 8.3, "pct": 66.7}, 3)
        assert r["Privat Støtte ApS"] == ({"median": 10.0, "p90": 10.0, "pct": 0.0}, 1)

    def test_it_compares_hours_granted_and_delivered_without_admission_days(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        u = udsnit_for(cast.hans, fra=date(2026, 2, 2), til=date(2026, 2, 15), niveau=IDENTIFICERET)
        r = rows(m.timer(u))
        # 14 days − 3 admitted (9.–11.2.) = 11 days × 3/7 h = 4.71 h; delivered 2 + 1.5 = 3.5 h → 74.3 %
        assert r["I alt"] == ({"bevilget": 4.7, "leveret": 3.5, "pct": 74.3}, 1)
        assert r["Bostøtte: Dorte Dahl"][0]["leveret"] == 3.5
        assert r["Team: Team Nord"][1] == 1

    def test_it_counts_cancelled_and_missed_planned_visits(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.besoeg_aflyst(alle))
        # planned, passed, not in a paused admission: Erik 1.2, 4.2, 13.2; Gitte 12.4, 19.4, 26.4
        # (the 10.2 visit during Erik's paused admission, the unplanned 20.2 and the future 20.6 are out)
        assert r["Aflyst eller udeblevet i alt"] == ({"pct": 33.3, "antal": 2}, 6)
        assert r["Aflyst af borgeren"][0]["antal"] == 1 and r["Borgeren udeblev"][0]["antal"] == 1

    def test_it_measures_deadlines_on_time(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.rettidighed(alle))
        # revisitation: Erik due 1.5. started 20.4. (on time); Gitte due 15.5. none (late)
        assert r["Revisitation"] == ({"pct": 50.0}, 2)
        # opfølgning: Erik m1, m2 due 1.4. done 30.3.; Gitte due 1.5. done 20.5. (late);
        # Erik m1 next 1.6. not done (late); Gitte next 10.6. done 10.6. → 3 of 5
        assert r["Opfølgning på indsatsmål"] == ({"pct": 60.0}, 5)
        # tilsyn: Erik's first due 1.4. done 20.3.; next due 20.5. overdue → 1 of 2
        assert r["Personrelateret tilsyn (§ 148)"] == ({"pct": 50.0}, 2)

    def test_it_counts_complaints_and_outcomes(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.klager(alle))
        assert r["Klager modtaget"][1] == 2
        assert r["Genvurderet inden 4 uger (af alle klager)"] == ({"antal": 1, "pct": 50.0}, 2)
        assert r["Medhold ved genvurdering"][0]["antal"] == 1
        assert r["Ankestyrelsen: stadfæstet"] == ({"antal": 1, "pct": 100.0}, 1)


class EffektTests:
    def test_it_computes_goal_attainment_per_indsatsmaal(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = m.gas(alle)
        # latest per goal: Erik m1 +1, m2 −1, Gitte +1 (her earlier −2 is superseded)
        assert rows(r)["Som forventet eller bedre (≥ 0)"] == ({"pct": 66.7, "antal": 2, "mean": 0.33}, 3)
        # T-scores: Erik 50 + 10·0/√(0.7·2 + 0.3·4) = 50; Gitte 50 + 10·1/√1 = 60 → 55
        assert r.extra == {"t_score": 55.0, "t_n": 2}
        assert m.gas_t_score([0, 0, 0]) == 50

    def test_it_computes_change_in_funktionsevneniveau(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = m.funktionsevne(alle)
        # Erik A 2→1 (−1), Erik B 3→3 (0), Gitte A 2→(3→)2 (0: the latest rating counts)
        assert (r.rows[0].values, r.rows[0].n) == ({"mean": -0.33, "pct_bedre": 33.3, "pct_samme": 66.7, "pct_vaerre": 0.0}, 3)

    def test_it_computes_change_in_stoettebehov(self, alle) -> None:  # type: ignore[no-untyped-def]
        # Erik moderat→let (−1), Gitte moderat→højt (+1); Mona has no opfølgning
        r = m.stoettebehov(alle)
        assert (r.rows[0].values, r.rows[0].n) == ({"mean": 0.0, "pct_bedre": 50.0, "pct_samme": 0.0, "pct_vaerre": 50.0}, 2)

    def test_it_compares_first_and_latest_who5(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.trivsel(alle))
        # Erik 40 → 60 (+20), Mona 60 → 48 (−12); Gitte has one answer only
        assert r["WHO-5 trivselsindeks (0–100)"] == ({"foer": 50.0, "seneste": 54.0, "mean": 4.0, "pct_bedre": 50.0, "pct_vaerre": 50.0}, 2)
        assert r["Tilfredshed med livet (0–10)"][1] == 1

    def test_it_counts_readmissions_per_year(self, alle) -> None:  # type: ignore[no-untyped-def]
        r = rows(m.genindlaeggelser(alle))["Borgere med støtte i perioden"]
        # 3 admissions; Erik's 1.3. within 30 days of his 12.2. discharge; 3 citizens × 166 days
        assert r == ({"rate": round(3 / (3 * 166 / 365.25), 2), "antal": 3, "pct": 33.3}, 3)

    def test_it_counts_citizens_leaving_because_goals_were_met(self, alle) -> None:  # type: ignore[no-untyped-def]
        assert rows(m.maal_naaet(alle))["Afsluttede forløb i perioden"] == ({"pct": 100.0, "antal": 1}, 1)


class UdsnitTests:
    def test_it_cuts_by_age_group_at_period_end(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        u = udsnit_for(cast.hans, aldersgruppe="18-29", niveau=IDENTIFICERET)  # Mona is 25 on 30.6.2026
        assert rows(m.ventetid(u))["Henvendelse → afgørelse"] == ({"median": 10.0, "p90": 10.0}, 1)

    def test_it_cuts_by_gender_team_and_leverandoer(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        assert m.ventetid(udsnit_for(cast.hans, koen="mand", niveau=IDENTIFICERET)).rows[0].n == 1
        assert m.ventetid(udsnit_for(cast.hans, team_id=cast.team_syd.pk, niveau=IDENTIFICERET)).rows[0].n == 1
        assert m.bestilling_svartid(udsnit_for(cast.hans, leverandoer_id=cast.lev_nord.pk, niveau=IDENTIFICERET)).rows[0].n == 2

    def test_it_follows_a_citizen_who_moved_team(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        data.sag_gitte.team = cast.team_nord
        data.sag_gitte.save(update_fields=["team"])
        assert m.ventetid(udsnit_for(cast.hans, team_id=cast.team_nord.pk, niveau=IDENTIFICERET)).rows[0].n == 3

    def test_it_keeps_a_closed_case_in_its_period(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        # Mona's case was closed (she moved away) on 1.6.; her March decision still counts
        u = udsnit_for(cast.hans, team_id=cast.team_nord.pk, niveau=IDENTIFICERET)
        assert m.ventetid(u).rows[0].n == 2


class ScopeTests:
    def test_the_myndighedsleder_sees_only_the_team(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        assert m.ventetid(udsnit_for(cast.bo)).rows[0].n == 2  # Erik + Mona (Nord)
        assert m.ventetid(udsnit_for(cast.sofie)).rows[0].n == 1  # Gitte

    def test_the_leverandoerleder_sees_their_own_orders_only(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        u = udsnit_for(cast.lise, leverandoer_id=fixed_leverandoer_id(cast.lise))
        assert {x.label for x in m.bestilling_svartid(u).rows} == {"I alt"}
        assert m.bestilling_svartid(u).rows[0].n == 2  # Erik and Mona (Bostøtten Nord)
        keys = [r.key for r in m.measures_for(u)]
        assert "frist" not in keys and "klager" not in keys and "timer" in keys

    def test_the_analytiker_gets_everything_suppressed_below_five(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        res = {r.key: r for r in m.measures_for(udsnit_for(cast.hans))}
        assert res["ventetid"].rows[0].suppressed and res["ventetid"].rows[0].values == {"median": None, "p90": None}
        assert res["frist"].rows[0].n == 4 and res["frist"].rows[0].values["pct"] is None

    def test_other_roles_see_nothing(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.anna, cast.dorte, cast.erik_user, cast.ida):
            assert m.ventetid(udsnit_for(user)).rows[0].n == 0


class SuppressTests:
    def test_it_hides_rows_and_small_counts(self) -> None:
        r = m.Resultat("x", "X", "proces", [("pct", "%"), ("antal", "Antal")], [
            m.Raekke("small", {"pct": 50.0, "antal": 2}, 4), m.Raekke("big", {"pct": 10.0, "antal": 3}, 30), m.Raekke("ok", {"pct": 50.0, "antal": 15}, 30),
        ])
        m.suppress(r)
        assert r.rows[0].suppressed and r.rows[0].values == {"pct": None, "antal": None}
        assert r.rows[1].values["antal"] is None and r.rows[1].values["pct"] == 10.0
        assert not r.rows[2].suppressed


class QueryCountTests:
    def test_measures_use_the_same_number_of_queries_whatever_the_data_size(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]

        u = udsnit_for(cast.hans, niveau=IDENTIFICERET)
        with CaptureQueriesContext(connection) as small:
            m.measures_for(u)
        for i in range(6):  # six more citizens, each with a decision, an order and visits
            borger = make_borger(f"Ekstra{i}", "Borger", kommune=cast.kommune)
            sag = make_sag(borger, cast.anna, cast.team_nord)
            afg = b.bevilling(sag, b.at(date(2026, 2, 1)), henv=b.henvendelse(sag, date(2026, 1, 10)), starts_on=date(2026, 2, 2))
            best = b.bestilling(afg, cast.lev_nord, sendt_at=b.at(date(2026, 2, 1)), besvaret_at=b.at(date(2026, 2, 2)), starts_on=date(2026, 2, 2))
            Tildeling.objects.create(bestilling=best, medarbejder=cast.frank, starts_on=date(2026, 2, 2))
            for day in (3, 10, 17):
                b.visit(best, cast.frank, date(2026, 3, day), 1, hour=8 + i)
        with CaptureQueriesContext(connection) as big:
            m.measures_for(u)
        assert len(big.captured_queries) == len(small.captured_queries)
        assert TODAY
