"""A realistic large municipality, generated fast (issue 10).

Proportions (per 5,000 citizens, scaled linearly): 60 sagsbehandlere in teams of ~10 with a leader,
250 bostøtter in leverandør teams of ~12 with a leader (one kommunal leverandør with ~60 % of the
staff, private ones with the rest), one analytiker. Every citizen has a case; ~3 % are new (an open
application under udredning), ~5 % closed, the rest have one active bevilling (§ 85), a started
bestilling with two indsatsmål, a primary bostøtte (tildeling), a § 141 handleplan, a pædagogisk
plan with delmål and GAS ratings, half-yearly opfølgninger, a yearly personrelateret tilsyn,
admissions (~15 %), WHO-5 ratings every three months (~60 %) and visits.

Hours per citizen and month follow the SFI survey (Et liv i egen bolig, 2012): median 5 h, mean
≈ 7.2 h, 10 % above 13 h. A lognormal with μ = ln 5 and σ = 0.80 has median 5, mean 6.9 and
P(>13 h) = 11.6 % — the compromise between the three figures (σ = 0.85 hits the mean but gives
13 % above 13 h; σ = 0.75 hits the tail but gives a mean of 6.6). Delivered hours are the
`gennemfoert` visits; on top come ~10 % cancelled visits and no-shows. Each bostøtte's visits
are placed on a day calendar (08:00–20:00, Monday–Saturday) so the no-overlap rule
(`levering_besoeg_no_overlap`) holds.

Everything is written with COPY (bostotte/core/volume/copy.py) and passes every constraint,
foreign key and cross-table rule of the database. The pghistory triggers are skipped (generated
data is no one's change). For the visits (~2.2 M rows at N=5,000) the two per-row guard triggers of
levering_besoeg are replaced, inside the same transaction, by one set-based query per rule over
the whole table after the load (checks.py); the triggers are on again before commit.
"""
# ruff: noqa: PLC0415, S311  (lazy cross-app imports; a seeded non-crypto RNG for synthetic data)

from __future__ import annotations

import bisect
import calendar
import hashlib
import hmac
import itertools
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from bostotte.core import crypto
from bostotte.core.models import (
    Borger,
    Journalnotat,
    Kommune,
    Leverandoer,
    LeverandoerTeam,
    Medarbejder,
    MyndighedTeam,
    Rolle,
    Sag,
    User,
)

from .checks import BESOEG_CHECKS
from .copy import (
    Table,
    backend_cpu_seconds,
    bulk_load,
    copy_tuples,
    history_off,
    new_uuid_bytes,
    next_id,
    sync_sequence,
)

CPH = ZoneInfo("Europe/Copenhagen")
SIGMA = 0.80
MEDIAN_HOURS = 5.0
CANCELLED_SHARE = 0.10
SEEDED_APPS = ("core", "visitation", "levering", "handleplaner", "tilsyn", "portal")
DEFAULT_PASSWORD = "volumen-bench-2026"  # noqa: S105 - bench/dev data only, documented

FORNAVNE = [
    "Mette",
    "Hanne",
    "Jens",
    "Peter",
    "Susanne",
    "Michael",
    "Lars",
    "Camilla",
    "Ali",
    "Maria",
    "Søren",
    "Fatima",
    "Kasper",
    "Line",
    "Bo",
    "Emma",
]
EFTERNAVNE = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Yilmaz",
    "Holm",
    "Møller",
    "Bech",
]
NOTER = [
    "Handlede ind sammen. Borgeren styrede listen selv.",
    "Gennemgik post og regninger. Aftalte at ringe til boligselskabet.",
    "Gåtur og snak om ugen. Borgeren sov bedre.",
    "Ledsagede til lægen. Borgeren førte selv ordet.",
    "Kort opkald: borgeren havde det godt, intet behov for mere i dag.",
    "Madlavning: borgeren lavede aftensmad til to dage.",
]
KONTAKTFORMER = [
    ("hjemmebesoeg", 0.65),
    ("ledsagelse", 0.10),
    ("telefon", 0.15),
    ("sms_chat", 0.03),
    ("video", 0.07),
]


@dataclass
class Stats:
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    # CPU seconds per stage: (this Python process, the PostgreSQL backend or None if unreadable).
    # On a shared machine the wall time depends on the load; the CPU time much less.
    cpu: dict[str, tuple[float, float | None]] = field(default_factory=dict)


@dataclass
class Plan:
    """One citizen's generated circumstances (kept in memory between stages)."""

    idx: int
    borger_id: int
    sag_id: int
    kind: str  # "aktiv", "ny", "lukket"
    opened_on: date
    start_on: date | None = None
    end_on: date | None = None
    hours: float = 0.0
    sb: int = 0  # index into sagsbehandlere
    lev: int = 0
    bo: int = 0  # index into bostoetter
    afgoerelse_id: int = 0
    bestilling_id: int = 0
    udredning_id: int = 0
    henvendelse_id: int = 0
    maal_ids: list[int] = field(default_factory=list)


def month_hours(rng: random.Random) -> float:
    return min(160.0, rng.lognormvariate(math.log(MEDIAN_HOURS), SIGMA))


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


class VolumeSeeder:
    def __init__(
        self,
        *,
        borgere: int,
        years: int,
        now: datetime | None = None,
        seed: int = 2026,
        password: str = DEFAULT_PASSWORD,
        log: Callable[[str], None] = print,
    ) -> None:
        self.n = borgere
        self.years = years
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.rng = random.Random(seed)
        self.password = password
        self.log = log
        self.stats = Stats()
        self.n_sb = max(2, round(borgere * 60 / 5000))
        self.n_bo = max(2, round(borgere * 250 / 5000))
        self.window_start = add_months(self.today, -12 * years)

    # ---------------------------------------------------------------------------------------
    def run(self) -> Stats:
        t0, py0, pg0 = time.monotonic(), time.process_time(), backend_cpu_seconds()
        if Borger.objects.filter(cpr_index__in=[self._cpr_index(self._cpr(0))]).exists():
            raise RuntimeError("Databasen har allerede volumendata (seed_volume er kørt før).")
        with history_off():
            self._stage("koder og kvalitetsstandard", self._codes)
            self._stage("organisation og medarbejdere", self._organisation)
            self._stage("borgere (CPR krypteret) og sager", self._borgere)
            self._stage("henvendelser, udredninger, tilstande", self._visitation)
            self._stage("afgørelser, bestillinger, indsatsmål", self._afgoerelser)
            self._stage("tildelinger, planer, delmål, evalueringer", self._planer)
            self._stage("besøg", self._besoeg)
            self._stage("indlæggelser, opfølgninger, tilsyn, opgaver", self._opfoelgning)
            self._stage("trivselsmålinger (WHO-5)", self._trivsel)
            self._stage("sekvenser", self._sequences)
        self._stage("ANALYZE", self._analyze)
        self.stats.timings.append(("i alt", time.monotonic() - t0))
        pg1 = backend_cpu_seconds()
        self.stats.cpu["i alt"] = (
            time.process_time() - py0,
            None if pg0 is None or pg1 is None else pg1 - pg0,
        )
        return self.stats

    def _stage(self, name: str, fn: Callable[[], Any]) -> None:
        t, py, pg = time.monotonic(), time.process_time(), backend_cpu_seconds()
        self.log(f"  {name} …")
        fn()
        dt = time.monotonic() - t
        py = time.process_time() - py
        pg_end = backend_cpu_seconds()
        pg = None if pg is None or pg_end is None else pg_end - pg
        self.stats.timings.append((name, dt))
        self.stats.cpu[name] = (py, pg)
        pg_text = "?" if pg is None else f"{pg:.1f} s"
        self.log(f"    {dt:6.1f} s (CPU: Python {py:.1f} s, PostgreSQL {pg_text})")

    def _count(self, key: str, n: int) -> None:
        self.stats.counts[key] = self.stats.counts.get(key, 0) + n

    # ---------------------------------------------------------------------------------------
    def _codes(self) -> None:
        from bostotte.ffb.models import Kode
        from bostotte.ffb.services import kodesystem_load_reference
        from visitation.models import Kvalitetsstandard

        if not Kode.objects.exists():
            kodesystem_load_reference()
        K = Kode.objects
        self.undertemaer_ad = list(
            K.aktivitet_deltagelse_undertemaer().values_list("id", flat=True)
        )
        self.undertemaer_other = list(
            K.undertemaer().filter(kraever_funktionsevneniveau=False).values_list("id", flat=True)
        )
        self.niveauer = list(
            K.funktionsevneniveauer(include_ikke_vurderet=False).values_list("id", flat=True)
        )
        self.stoettebehov = list(
            K.stoettebehov(include_ikke_vurderet=False).values_list("id", flat=True)
        )
        self.maalgrupper = list(K.maalgrupper().values_list("id", flat=True))
        self.maaltyper = list(K.maaltyper().values_list("id", flat=True))
        self.status_koder = list(
            K.status_paa_indsats().filter(is_leaf=True).values_list("id", "code")
        )
        self.kilder = list(K.kilder().values_list("id", flat=True))
        self.ydelser = list(K.ydelser_85().values_list("id", flat=True))
        assert (
            self.undertemaer_ad
            and self.niveauer
            and self.stoettebehov
            and self.maalgrupper
            and self.kilder
        )
        ks = Kvalitetsstandard.objects.filter(lovgrundlag="sel_85", status="publiceret").first()
        if ks is None:
            ks = Kvalitetsstandard.objects.create(
                lovgrundlag="sel_85",
                version=(Kvalitetsstandard.objects.filter(lovgrundlag="sel_85").count() + 1),
                status="publiceret",
                gyldig_fra=self.window_start,
                titel="Socialpædagogisk støtte (SEL § 85)",
                formaal="At du kan klare mest muligt selv i dit eget hjem.",
                maalgruppe_beskrivelse="Voksne med betydelig nedsat fysisk eller psykisk funktionsevne.",
                indhold="Støtte til hverdagens opgaver, økonomi, sociale relationer og sundhed.",
                visitationskriterier="Vi vurderer dit behov ud fra en udredning efter Fællessprog III.",
                former=["individuel"],
                publiceret_at=self.now,
            )
        self.ks = ks
        self.kommune = Kommune.objects.get_or_create(
            kommunenummer="999", defaults={"navn": "Volumen Kommune"}
        )[0]
        self.nabo = Kommune.objects.get_or_create(
            kommunenummer="998", defaults={"navn": "Nabo Kommune"}
        )[0]

    # ---------------------------------------------------------------------------------------
    def _organisation(self) -> None:
        rng = self.rng
        now = self.now
        pw = make_password(self.password)
        groups = {g.name: g.id for g in Group.objects.filter(name__in=Rolle.values)}
        for r in Rolle.values:
            if r not in groups:
                groups[r] = Group.objects.create(name=r).id
        uid = next_id(User)
        users: list[dict[str, Any]] = []

        def user(username: str, rolle: str, fornavn: str, efternavn: str) -> int:
            nonlocal uid
            users.append(
                {
                    "id": uid,
                    "password": pw,
                    "username": username,
                    "first_name": fornavn,
                    "last_name": efternavn,
                    "email": f"{username}@volumen.invalid",
                    "rolle": rolle,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": now,
                    "last_login": None,
                }
            )
            uid += 1
            return uid - 1

        def navn() -> tuple[str, str]:
            return rng.choice(FORNAVNE), rng.choice(EFTERNAVNE)

        # Myndighed: teams of ~10 sagsbehandlere with a leader.
        n_teams = max(1, math.ceil(self.n_sb / 10))
        self.teams: list[MyndighedTeam] = []
        self.sagsbehandlere: list[int] = []
        self.sb_team: list[int] = []
        self.ledere: list[int] = []
        medarbejdere: list[dict[str, Any]] = []
        for t in range(n_teams):
            team = MyndighedTeam.objects.create(
                kommune=self.kommune, navn=f"Volumen team {t + 1:02d}"
            )
            leder = user(f"vol-ml-{t + 1:02d}", Rolle.MYNDIGHEDSLEDER, *navn())
            self.teams.append(team)
            self.ledere.append(leder)
            medarbejdere.append(
                {"user_id": leder, "myndighed_team_id": team.id, "uddannelse": "socialraadgiver"}
            )
        for i in range(self.n_sb):
            team = self.teams[i % n_teams]
            u = user(f"vol-sb-{i + 1:03d}", Rolle.SAGSBEHANDLER, *navn())
            self.sagsbehandlere.append(u)
            self.sb_team.append(team.id)
            medarbejdere.append(
                {"user_id": u, "myndighed_team_id": team.id, "uddannelse": "socialraadgiver"}
            )

        # Leverandører: one kommunal with ~60 % of the staff, private ones with ~50 each.
        n_priv = max(1, math.ceil(self.n_bo * 0.4 / 50))
        self.leverandoerer: list[Leverandoer] = []
        lev_share = [0.6] + [0.4 / n_priv] * n_priv
        self.bostoetter: list[int] = []
        self.bo_lev: list[int] = []
        self.lev_bo: list[list[int]] = []
        self.lev_ledere: list[int] = []
        bo_i = 0
        for li, share in enumerate(lev_share):
            art = "kommunal" if li == 0 else "privat"
            lev = Leverandoer.objects.create(
                navn="Bostøtten Volumen Kommune" if li == 0 else f"Privat Støtte {li} ApS",
                cvr=f"{70000000 + li:08d}",
                art=art,
                kommune=self.kommune,
            )
            self.leverandoerer.append(lev)
            n_here = (
                max(1, round(self.n_bo * share))
                if li < len(lev_share) - 1
                else max(1, self.n_bo - bo_i)
            )
            n_lteams = max(1, math.ceil(n_here / 12))
            lteams = []
            for t in range(n_lteams):
                lt = LeverandoerTeam.objects.create(leverandoer=lev, navn=f"Team {t + 1:02d}")
                leder = user(f"vol-ll-{li + 1}-{t + 1:02d}", Rolle.LEVERANDOERLEDER, *navn())
                self.lev_ledere.append(leder)
                lteams.append(lt)
                medarbejdere.append(
                    {"user_id": leder, "leverandoer_team_id": lt.id, "uddannelse": "socialpaedagog"}
                )
            mine = []
            for k in range(n_here):
                u = user(f"vol-bo-{bo_i + 1:03d}", Rolle.BOSTOETTE, *navn())
                medarbejdere.append(
                    {
                        "user_id": u,
                        "leverandoer_team_id": lteams[k % n_lteams].id,
                        "uddannelse": rng.choice(
                            ["socialpaedagog", "sosu_assistent", "ergoterapeut", "peer"]
                        ),
                        "koen": rng.choice(["kvinde", "mand"]),
                        "foedselsaar": rng.randint(1962, 2000),
                    }
                )
                self.bostoetter.append(u)
                self.bo_lev.append(li)
                mine.append(bo_i)
                bo_i += 1
            self.lev_bo.append(mine)
        self.analytiker = user("vol-analytiker", Rolle.ANALYTIKER, "Helle", "Hedegaard")
        medarbejdere.append({"user_id": self.analytiker})
        Table(User, now).copy(users)
        user_groups = [(u["id"], groups[u["rolle"]]) for u in users]
        copy_tuples(User.groups.through._meta.db_table, ["user_id", "group_id"], user_groups)
        mid = next_id(Medarbejder)
        for i, m in enumerate(medarbejdere):
            m["id"] = mid + i
        Table(Medarbejder, now).copy(medarbejdere)
        self.next_user_id = uid
        self.pw = pw
        self.groups = groups
        self._count("brugere (medarbejdere)", len(users))

    # ---------------------------------------------------------------------------------------
    def _cpr(self, i: int) -> str:
        """A valid, unique CPR for citizen number i: birth dates 1950–2004 spread by a stride,
        the serial from i; the 7th digit encodes the century (0–3: 1900s, 4: 2000–2036)."""
        days = 55 * 365
        birth = date(1950, 1, 1) + timedelta(days=(i * 7919) % days)
        serial = i // days
        seventh = serial // 1000 + (4 if birth.year >= 2000 else 0)
        return f"{birth:%d%m%y}{seventh}{serial % 1000:03d}"

    @staticmethod
    def _cpr_index(cpr: str) -> str:
        return hmac.new(settings.CPR_INDEX_KEY.encode(), cpr.encode(), hashlib.sha256).hexdigest()

    def _borgere(self) -> None:
        rng = self.rng
        now = self.now
        n = self.n
        # Fernet: one key object, reused (crypto.fernet() is cached); ~25 µs per CPR.
        f = crypto.fernet()
        bid = next_id(Borger)
        sid = next_id(Sag)
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('core_sagsnummer_seq') FROM generate_series(1, %s)", [n])
            nummer = [r[0] for r in cursor.fetchall()]
        borgere: list[dict[str, Any]] = []
        sager: list[dict[str, Any]] = []
        portal_users: list[dict[str, Any]] = []
        self.plans: list[Plan] = []
        # The first sagsbehandler carries a big caseload (~200 cases): the "Mine sager" benchmark.
        heavy = min(200, int(n * 0.4))
        uid = self.next_user_id
        seen: set[str] = set()
        for i in range(n):
            cpr = self._cpr(i)
            assert cpr not in seen
            seen.add(cpr)
            male = int(cpr[-1]) % 2 == 1
            fornavn, efternavn = rng.choice(FORNAVNE), rng.choice(EFTERNAVNE)
            user_id = None
            if (
                rng.random() < 0.2 or i < 5
            ):  # portal login (NemLog-in users are created on first login)
                user_id = uid
                portal_users.append(
                    {
                        "id": uid,
                        "password": self.pw,
                        "username": f"vol-borger-{i + 1:05d}",
                        "first_name": fornavn,
                        "last_name": efternavn,
                        "email": "",
                        "rolle": Rolle.BORGER,
                        "is_active": True,
                        "is_staff": False,
                        "is_superuser": False,
                        "date_joined": now,
                        "last_login": None,
                    }
                )
                uid += 1
            borgere.append(
                {
                    "id": bid + i,
                    "user_id": user_id,
                    "cpr_encrypted": f.encrypt(cpr.encode()).decode(),
                    "cpr_index": self._cpr_index(cpr),
                    "fornavn": fornavn,
                    "efternavn": efternavn,
                    "foedselsdato": crypto.cpr_birth_date(cpr),
                    "koen": "mand" if male else "kvinde",
                    "adresse": f"Volumenvej {i % 200 + 1}",
                    "postnummer": "8000",
                    "by": "Volumenby",
                    "kommune_id": self.kommune.id,
                }
            )
            r = rng.random()
            kind = "ny" if r < 0.03 else ("lukket" if r < 0.08 else "aktiv")
            # 70 % started before the window (full history), the rest uniformly inside it.
            days = (self.today - self.window_start).days
            if kind == "ny":
                opened = self.today - timedelta(days=rng.randint(3, 50))
            elif rng.random() < 0.7:
                opened = self.window_start - timedelta(days=rng.randint(30, 900))
            else:
                opened = self.window_start + timedelta(days=rng.randint(0, max(1, days - 60)))
            sb = 0 if i < heavy else rng.randrange(1, self.n_sb) if self.n_sb > 1 else 0
            p = Plan(idx=i, borger_id=bid + i, sag_id=sid + i, kind=kind, opened_on=opened, sb=sb)
            closed_on = None
            if kind == "lukket":
                closed_on = min(
                    self.today - timedelta(days=1), opened + timedelta(days=rng.randint(200, 1500))
                )
                closed_on = max(closed_on, opened + timedelta(days=90))
                if closed_on >= self.today:
                    p.kind = kind = "aktiv"
                    closed_on = None
            p.end_on = closed_on
            sager.append(
                {
                    "id": sid + i,
                    "sagsnummer": f"{opened.year}-{nummer[i]:06d}",
                    "borger_id": bid + i,
                    "titel": "Socialpædagogisk støtte (SEL § 85)",
                    "ansvarlig_id": self.sagsbehandlere[sb],
                    "team_id": self.sb_team[sb],
                    "handlekommune_id": self.kommune.id,
                    "betalingskommune_id": self.nabo.id if i % 15 == 7 else self.kommune.id,
                    "status": "lukket" if closed_on else "aaben",
                    "opened_on": opened,
                    "closed_on": closed_on,
                    "bevares": False,
                }
            )
            self.plans.append(p)
        if portal_users:
            Table(User, now).copy(portal_users)
            copy_tuples(
                User.groups.through._meta.db_table,
                ["user_id", "group_id"],
                [(u["id"], self.groups[Rolle.BORGER]) for u in portal_users],
            )
        self.next_user_id = uid
        Table(Borger, now).copy(borgere)
        Table(Sag, now).copy(sager)
        jid = next_id(Journalnotat)
        notes = []
        for k, p in enumerate(self.plans):
            notes.append(
                {
                    "id": jid + k,
                    "sag_id": p.sag_id,
                    "forfatter_id": self.sagsbehandlere[p.sb],
                    "art": "sagsskridt",
                    "emne": "Sag oprettet",
                    "tekst": "Sagen er oprettet på baggrund af en henvendelse.",
                    "haendelse_at": datetime.combine(p.opened_on, datetime.min.time(), CPH).replace(
                        hour=9
                    ),
                    "korrigerer_id": None,
                }
            )
        Table(Journalnotat, now).copy(notes)
        self._count("borgere", n)
        self._count("sager", n)
        self._count("portalbrugere", len(portal_users))
        self._count("journalnotater", len(notes))

    # ---------------------------------------------------------------------------------------
    def _at(self, d: date, hour: int = 10, minute: int = 0) -> datetime:
        return datetime(d.year, d.month, d.day, hour, minute, tzinfo=CPH)

    def _visitation(self) -> None:
        from visitation.models import Henvendelse, Tilstand, Udredning

        rng, now = self.rng, self.now
        hid, uid_, tid = next_id(Henvendelse), next_id(Udredning), next_id(Tilstand)
        henv, udr, tilst = [], [], []
        for p in self.plans:
            sb = self.sagsbehandlere[p.sb]
            p.henvendelse_id = hid
            modtaget = p.opened_on
            frist = modtaget + timedelta(weeks=self.ks.sagsbehandlingsfrist_ny_uger)
            henv.append(
                {
                    "id": hid,
                    "sag_id": p.sag_id,
                    "modtaget_on": modtaget,
                    "kilde": rng.choice(
                        ["egen", "udskrivning", "botilbud", "tidligere", "paaroerende"]
                    ),
                    "art": "ny",
                    "er_ansoegning": True,
                    "lovgrundlag": "sel_85",
                    "kvalitetsstandard_id": self.ks.id,
                    "borgers_ord": "Jeg vil gerne kunne klare mine regninger og komme mere ud.",
                    "samtykke_indhentning": True,
                    "samtykke_givet_on": modtaget,
                    "frist_on": frist,
                    "status": "aaben" if p.kind == "ny" else "afgjort",
                    "registreret_af_id": sb,
                }
            )
            hid += 1
            p.udredning_id = uid_
            afsluttet = p.kind != "ny"
            udr.append(
                {
                    "id": uid_,
                    "sag_id": p.sag_id,
                    "henvendelse_id": p.henvendelse_id,
                    "er_revisitation": False,
                    "status": "afsluttet" if afsluttet else "kladde",
                    "borgers_maal_og_oensker": "At få styr på økonomien og komme ud blandt andre.",
                    "borgers_vurdering": "Jeg klarer det meste, men post og regninger hober sig op.",
                    "stoettebehov_id": rng.choice(self.stoettebehov) if afsluttet else None,
                    "afsluttet_at": self._at(p.opened_on + timedelta(days=20))
                    if afsluttet
                    else None,
                    "oprettet_af_id": sb,
                    "version": 1,
                }
            )
            uid_ += 1
            for ut in rng.sample(self.undertemaer_ad, 2) + rng.sample(
                self.undertemaer_other or self.undertemaer_ad, 1
            ):
                tilst.append(
                    {
                        "id": tid,
                        "udredning_id": p.udredning_id,
                        "undertema_id": ut,
                        "beskrivelse": "Borgeren beskriver udfordringer i hverdagen.",
                        "kilde_id": rng.choice(self.kilder),
                        "funktionsevneniveau_id": rng.choice(self.niveauer)
                        if ut in self._ad_set
                        else None,
                    }
                )
                tid += 1
        Table(Henvendelse, now).copy(henv)
        Table(Udredning, now).copy(udr)
        Table(Tilstand, now).copy(tilst)
        self._count("henvendelser", len(henv))
        self._count("udredninger", len(udr))
        self._count("tilstande", len(tilst))

    @property
    def _ad_set(self) -> set[int]:
        if not hasattr(self, "_ad"):
            self._ad = set(self.undertemaer_ad)
        return self._ad

    # ---------------------------------------------------------------------------------------
    def _afgoerelser(self) -> None:
        from visitation.models import Afgoerelse, Bestilling, Indsatsmaal

        rng, now = self.rng, self.now
        aid, bid, mid = next_id(Afgoerelse), next_id(Bestilling), next_id(Indsatsmaal)
        afg, best, maal = [], [], []
        n_lev = len(self.leverandoerer)
        for p in self.plans:
            if p.kind == "ny":
                continue
            sb = self.sagsbehandlere[p.sb]
            start = p.opened_on + timedelta(days=rng.randint(25, 55))
            if p.end_on is not None and start >= p.end_on:
                start = p.opened_on + timedelta(days=1)
            p.start_on = start
            p.hours = month_hours(rng)
            timer = Decimal(str(max(1, min(160, math.ceil(p.hours * 1.1)))))
            p.afgoerelse_id = aid
            afg.append(
                {
                    "id": aid,
                    "sag_id": p.sag_id,
                    "borger_id": p.borger_id,
                    "henvendelse_id": p.henvendelse_id,
                    "udredning_id": p.udredning_id,
                    "kvalitetsstandard_id": self.ks.id,
                    "resultat": "bevilling",
                    "status": "truffet",
                    "lovgrundlag": "sel_85",
                    "maalgruppe_id": rng.choice(self.maalgrupper),
                    "timer": timer,
                    "timer_periode": "maaned",
                    "form": "individuel",
                    "supplerende_kontakt": [],
                    "starts_on": start,
                    "ends_on": p.end_on,
                    "revisitation_maaneder": 12,
                    "tilsyn_maaneder": 12,
                    "fuldt_medhold": True,
                    "begrundelse_regler": "Serviceloven § 85.",
                    "partshoering": "ikke_noedvendig",
                    "partshoering_ikke_begrundelse": "Borgeren får fuldt medhold.",
                    "klagevejledning": "Du kan klage inden 4 uger.",
                    "truffet_at": self._at(start - timedelta(days=5)),
                    "meddelt_on": start - timedelta(days=4),
                    "er_aktiv": p.end_on is None,
                    "oprettet_af_id": sb,
                    "version": 1,
                }
            )
            aid += 1
            # Leverandør by share of staff; bostøtte uniformly inside it.
            li = 0 if (rng.random() < 0.6 or n_lev == 1) else rng.randrange(1, n_lev)
            p.lev = li
            p.bo = rng.choice(self.lev_bo[li])
            p.bestilling_id = bid
            best.append(
                {
                    "id": bid,
                    "sag_id": p.sag_id,
                    "afgoerelse_id": p.afgoerelse_id,
                    "leverandoer_id": self.leverandoerer[li].id,
                    "status": "startet",
                    "indsatsformaal": "At borgeren kan klare sin økonomi og sit hjem selv.",
                    "timer": timer,
                    "timer_periode": "maaned",
                    "starts_on": start,
                    "ends_on": p.end_on,
                    "del_borgers_maal": True,
                    "sendt_at": self._at(start - timedelta(days=4)),
                    "besvaret_at": self._at(start - timedelta(days=2)),
                    "besvaret_af_id": self.lev_ledere[0] if li == 0 else None,
                    "foerste_besoeg_on": start + timedelta(days=3),
                    "oprettet_af_id": sb,
                    "version": 1,
                }
            )
            bid += 1
            for k, ut in enumerate(rng.sample(self.undertemaer_ad, 2)):
                # Most follow-ups lie ahead; ~3 % are due now (the daily scan picks them up).
                due = self.today + timedelta(
                    days=rng.randint(-10, 10) if rng.random() < 0.03 else rng.randint(11, 180)
                )
                p.maal_ids.append(mid)
                maal.append(
                    {
                        "id": mid,
                        "bestilling_id": p.bestilling_id,
                        "undertema_id": ut,
                        "beskrivelse": "Borgeren betaler selv sine regninger til tiden.",
                        "maaltype_id": rng.choice(self.maaltyper) if self.maaltyper else None,
                        "forventet_niveau_id": rng.choice(self.niveauer),
                        "opfoelgning_on": due,
                        "status": "aktiv" if p.end_on is None else "afsluttet",
                        "raekkefoelge": k,
                    }
                )
                mid += 1
        Table(Afgoerelse, now).copy(afg)
        Table(Bestilling, now).copy(best)
        Table(Indsatsmaal, now).copy(maal)
        self._count("afgørelser", len(afg))
        self._count("bestillinger", len(best))
        self._count("indsatsmål", len(maal))

    # ---------------------------------------------------------------------------------------
    def _planer(self) -> None:
        from handleplaner.models import (
            Delmaal,
            Evaluering,
            Handleplan,
            HandleplanVersion,
            PaedagogiskPlan,
        )
        from levering.models import Tildeling
        from visitation.models import Bestilling

        rng, now = self.rng, self.now
        tid, ppid, did, eid = (
            next_id(Tildeling),
            next_id(PaedagogiskPlan),
            next_id(Delmaal),
            next_id(Evaluering),
        )
        hid, hvid = next_id(Handleplan), next_id(HandleplanVersion)
        tild, pplan, delm, evals, hp, hpv = [], [], [], [], [], []
        for p in self.plans:
            sb = self.sagsbehandlere[p.sb]
            tilbudt = p.opened_on + timedelta(days=rng.randint(20, 40))
            offered = p.kind != "ny" and tilbudt <= self.today
            hp.append(
                {
                    "id": hid,
                    "sag_id": p.sag_id,
                    "omfattet_stk2": True,
                    "tilbudt_on": tilbudt if offered else None,
                    "tilbudt_maade": "moede" if offered else "",
                    "tilbudt_af_id": sb if offered else None,
                    "svar": "accepteret" if offered else "",
                    "svar_on": tilbudt if offered else None,
                    "del_med_leverandoer": True,
                    "oprettet_af_id": sb,
                    "version": 1,
                }
            )
            hpv.append(
                {
                    "id": hvid,
                    "handleplan_id": hid,
                    "nummer": 1,
                    "er_gaeldende": True,
                    "formaal": "At du kan bo i egen bolig og klare hverdagen.",
                    "indsats": "Bostøtte efter § 85.",
                    "varighed": "Et år, derefter opfølgning.",
                    "udarbejdet_med_borger": True,
                    "oprettet_af_id": sb,
                    "accepteret_at": self._at(tilbudt) if offered else None,
                    "accepteret_af_id": sb if offered else None,
                    "accepteret_rolle": "sagsbehandler" if offered else "",
                }
            )
            hid += 1
            hvid += 1
            if p.kind == "ny":
                continue
            bo = self.bostoetter[p.bo]
            tild.append(
                {
                    "id": tid,
                    "bestilling_id": p.bestilling_id,
                    "medarbejder_id": bo,
                    "er_primaer": True,
                    "starts_on": p.start_on,
                    "ends_on": p.end_on,
                    "tildelt_af_id": None,
                    "begrundelse": "",
                }
            )
            tid += 1
            pplan.append(
                {
                    "id": ppid,
                    "bestilling_id": p.bestilling_id,
                    "oprettet_af_id": bo,
                    "borger_tilbudt_forberedelse": True,
                    "forberedelse_on": p.start_on,
                    "udarbejdet": "sammen",
                    "borgers_ord": "Jeg vil have ro på økonomien.",
                    "tilgang": "Recovery-orienteret, små skridt.",
                    "revideret_on": None,
                    "revision": 1,
                }
            )
            for k, maal_id in enumerate(p.maal_ids):
                for j in range(rng.choice([1, 2])):
                    delm.append(
                        {
                            "id": did,
                            "plan_id": ppid,
                            "indsatsmaal_id": maal_id,
                            "titel": f"Delmål {k + 1}.{j + 1}",
                            "borgers_ord": "Jeg åbner min post hver mandag.",
                            "metoder": ["recovery"],
                            "aktiviteter": "Gennemgå post sammen.",
                            "status": "aktiv",
                            "raekkefoelge": j,
                            "oprettet_af_id": bo,
                        }
                    )
                    # GAS ratings about every six months.
                    d = p.start_on + timedelta(days=180)
                    end = p.end_on or self.today
                    while d <= end:
                        evals.append(
                            {
                                "id": eid,
                                "delmaal_id": did,
                                "indsatsmaal_id": None,
                                "score": rng.choice([-1, 0, 0, 1, 1, 2]),
                                "note": "",
                                "vurderet_af_id": bo,
                                "rolle": "bostoette",
                                "vurderet_at": self._at(d, 14),
                            }
                        )
                        eid += 1
                        d += timedelta(days=182)
                    did += 1
            ppid += 1
        Table(Handleplan, now).copy(hp)
        Table(HandleplanVersion, now).copy(hpv)
        Table(Tildeling, now).copy(tild)
        Table(PaedagogiskPlan, now).copy(pplan)
        Table(Delmaal, now).copy(delm)
        Table(Evaluering, now).copy(evals)
        # Closed cases: the order ends after the plan exists (the plan trigger wants a live order).
        closed = [p.bestilling_id for p in self.plans if p.kind == "lukket"]
        if closed:
            Bestilling.objects.filter(id__in=closed).update(status="afsluttet")
        for k, v in (
            ("handleplaner", hp),
            ("tildelinger", tild),
            ("pædagogiske planer", pplan),
            ("delmål", delm),
            ("evalueringer", evals),
        ):
            self._count(k, len(v))

    # ---------------------------------------------------------------------------------------
    def _besoeg(self) -> None:
        """Visits, in the physical order of the index `levering_besoeg_medarb_tid` (staff member,
        start): each bostøtte's visits are generated together, sorted by time and numbered in that
        order. A staff member's calendar ("I dag") then lies together on disk, and so do a
        bestilling's visits (a citizen has one primary bostøtte); the index builds get sorted input.
        The hot loop uses plain integers (day ordinals, minutes) and `rng.random()` only; the
        datetimes are made once per visit after sorting."""
        from levering.models import Besoeg

        rand = self.rng.random
        now = self.now
        cols_attr = [
            "id",
            "created_at",
            "updated_at",
            "uuid",
            "bestilling_id",
            "sag_id",
            "medarbejder_id",
            "starts_at",
            "ends_at",
            "kontaktform",
            "planlagt",
            "status",
            "note",
            "note_undertema_id",
            "serie_id",
            "gruppesession_id",
            "registreret_af_id",
            "registreret_at",
            "version",
        ]
        fields = {f.attname: f for f in Besoeg._meta.concrete_fields}
        missing = set(fields) - set(cols_attr)
        assert not missing, f"levering_besoeg har nye felter: {missing}"
        columns = [fields[a].column for a in cols_attr]
        base_id = next_id(Besoeg)
        horizon_ord = (self.today + timedelta(days=14)).toordinal()
        today_ord = self.today.toordinal()
        window_ord = self.window_start.toordinal()
        forms = [k for k, _w in KONTAKTFORMER]
        cum_weights = list(itertools.accumulate(w for _k, w in KONTAKTFORMER))
        total_weight = cum_weights[-1]
        short_forms = {"telefon", "sms_chat"}
        cancelled_states = ["aflyst_borger"] * 4 + ["aflyst_medarbejder"] * 2 + ["udeblevet"] * 4
        gaps = (15, 15, 30, 45)  # minutes between two visits of one bostøtte
        undertemaer = self.undertemaer_ad + self.undertemaer_other
        n_noter, n_undertemaer = len(NOTER), len(undertemaer)
        minutes = [timedelta(minutes=m) for m in range(24 * 60)]
        midnight: dict[int, datetime] = {}  # day ordinal → local midnight (Copenhagen)
        by_bo: dict[int, list[Plan]] = {}
        for p in self.plans:
            if p.kind != "ny":
                by_bo.setdefault(p.bo, []).append(p)
        counter = {"cancel": 0}

        def visits_of(plans: list[Plan]) -> list[tuple[Any, ...]]:
            # One bostøtte's visits: (day ordinal, start minute, duration, plan, form, status,
            # note, undertema). Placed on the day calendar 08:00–20:00, Monday–Saturday (ordinal
            # % 7 == 0 is a Sunday), each visit after the previous one plus a gap, so they never
            # overlap; a full day moves the visit to the next day.
            free: dict[int, int] = {}  # day ordinal → first free minute
            out = []
            for p in plans:
                start_ord = max(p.start_on.toordinal(), window_ord)
                end_ord = p.end_on.toordinal() if p.end_on else horizon_ord
                # Typical visit length grows with the hours; phone calls are short.
                typical = 30 if p.hours < 3 else 40 if p.hours < 6 else 50 if p.hours < 12 else 75
                per_week = p.hours * 60 / typical / (365.25 / 12 / 7) / (1 - CANCELLED_SHARE)
                whole = int(per_week)
                week = start_ord - (start_ord - 1) % 7  # the Monday
                while week <= end_ord:
                    k = whole + 1 if rand() < per_week - whole else whole
                    for _ in range(k):
                        o = week + int(rand() * 6)
                        if o < start_ord or o > end_ord:
                            continue
                        form = forms[bisect.bisect(cum_weights, rand() * total_weight)]
                        dur = (15 if rand() < 0.5 else 20) if form in short_forms else typical
                        while True:
                            if o % 7 == 0:
                                o += 1
                                continue
                            s = free.get(o)
                            if s is None:
                                s = 8 * 60 + 15 * int(rand() * 6)
                            if s + dur <= 20 * 60:
                                free[o] = s + dur + gaps[int(rand() * 4)]
                                break
                            o += 1
                        if o > end_ord:
                            continue
                        if o >= today_ord:
                            status, note, ut = "planlagt", "", None
                        elif rand() < CANCELLED_SHARE:
                            status, note, ut = cancelled_states[int(rand() * 10)], "", None
                            counter["cancel"] += 1
                        else:
                            # A note always says which FFB undertema it belongs to (levering's rule).
                            status = "gennemfoert"
                            note = NOTER[int(rand() * n_noter)]
                            ut = undertemaer[int(rand() * n_undertemaer)]
                        out.append((o, s, dur, p, form, status, note, ut))
                    week += 7
            out.sort(key=lambda v: (v[0], v[1]))  # (day, start) is unique per bostøtte
            return out

        def rows() -> Any:
            nid = base_id
            uuids: list[bytes] = []
            for bo in sorted(by_bo, key=lambda b: self.bostoetter[b]):
                bo_user = self.bostoetter[bo]
                for o, s, dur, p, form, status, note, ut in visits_of(by_bo[bo]):
                    day = midnight.get(o)
                    if day is None:
                        d = date.fromordinal(o)
                        day = midnight[o] = datetime(d.year, d.month, d.day, tzinfo=CPH)
                    # Aware datetime + timedelta is wall-clock arithmetic (no Sunday is a DST day).
                    starts = day + minutes[s]
                    ends = starts + minutes[dur]
                    if not uuids:
                        uuids = new_uuid_bytes(100_000)
                    planned = status == "planlagt"
                    yield (
                        nid,
                        now,
                        now,
                        uuids.pop(),
                        p.bestilling_id,
                        p.sag_id,
                        bo_user,
                        starts,
                        ends,
                        form,
                        True,
                        status,
                        note,
                        ut,
                        None,
                        None,
                        None if planned else bo_user,
                        None if planned else ends,
                        1,
                    )
                    nid += 1

        t = time.monotonic()
        last = [t]

        def progress() -> Any:
            for i, row in enumerate(rows(), 1):
                if i % 250_000 == 0:
                    now_t = time.monotonic()
                    self.log(f"    {i:>10,} besøg ({250_000 / (now_t - last[0]):,.0f}/s)")
                    last[0] = now_t
                yield row

        with bulk_load(Besoeg, set_checks=BESOEG_CHECKS, log=self.log):
            n = copy_tuples(Besoeg._meta.db_table, columns, progress(), raw_uuid=True)
            self.log(
                f"    {n:,} besøg indlæst på {time.monotonic() - t:.1f} s; genopbygger indekser og constraints …"
            )
        self._count("besøg", n)
        self._count("besøg aflyst/udeblevet", counter["cancel"])

    # ---------------------------------------------------------------------------------------
    def _opfoelgning(self) -> None:
        from levering.models import Indlaeggelse
        from tilsyn.models import Opfoelgning, Opgave, Tilsyn
        from visitation.models import Indsatsmaal

        rng, now = self.rng, self.now
        iid, oid, tid, gid = (
            next_id(Indlaeggelse),
            next_id(Opfoelgning),
            next_id(Tilsyn),
            next_id(Opgave),
        )
        indl, opf, tils, opg = [], [], [], []
        fortsaet = next((i for i, c in self.status_koder if True), None)
        maal_ct = ContentType.objects.get_for_model(Indsatsmaal).id
        pause_standard = bool(self.ks.pause_ved_indlaeggelse)
        for p in self.plans:
            if p.kind == "ny":
                continue
            sb = self.sagsbehandlere[p.sb]
            end = p.end_on or self.today
            r = rng.random()
            if r < 0.16:
                ind = p.start_on + timedelta(
                    days=rng.randint(10, max(11, (end - p.start_on).days - 10))
                )
                is_open = r < 0.01 and p.end_on is None
                ud = None if is_open else min(end, ind + timedelta(days=rng.randint(3, 40)))
                if ud is not None and ud < ind:
                    ud = ind
                indl.append(
                    {
                        "id": iid,
                        "sag_id": p.sag_id,
                        "borger_id": p.borger_id,
                        "indlagt_on": ind,
                        "udskrevet_on": ud,
                        "pause": pause_standard,
                        "pause_standard": pause_standard,
                        "registreret_af_id": self.bostoetter[p.bo],
                        "udskrivning_registreret_af_id": self.bostoetter[p.bo] if ud else None,
                        "opfoelgning_afsluttet_at": self._at(ud + timedelta(days=7))
                        if ud and ud + timedelta(days=7) < self.today
                        else None,
                        "version": 1,
                    }
                )
                iid += 1
            # Half-yearly opfølgning (historic), each closing the task the scan had created.
            d = p.start_on + timedelta(days=182)
            while d < end:
                opf.append(
                    {
                        "id": oid,
                        "sag_id": p.sag_id,
                        "bestilling_id": p.bestilling_id,
                        "indsatsmaal_id": p.maal_ids[0],
                        "udfoert_on": d,
                        "form": "moede_borger",
                        "deltagere": "Borgeren, bostøtten og sagsbehandleren.",
                        "stoettebehov_id": rng.choice(self.stoettebehov),
                        "borgers_vurdering": "Det går bedre med posten.",
                        "gas_score": rng.choice([-1, 0, 1, 1, 2]),
                        "resultat": "fortsaet",
                        "status_kode_id": fortsaet,
                        "naeste_opfoelgning_on": d + timedelta(days=182),
                        "udfoert_af_id": sb,
                    }
                )
                oid += 1
                opg.append(
                    {
                        "id": gid,
                        "art": "opfoelgning",
                        "target_ct_id": maal_ct,
                        "target_id": p.maal_ids[0],
                        "sag_id": p.sag_id,
                        "ansvarlig_id": sb,
                        "due_on": d,
                        "remind_on": d - timedelta(days=14),
                        "status": "udfoert",
                        "closed_by_id": sb,
                        "closed_at": self._at(d, 15),
                        "last_reminded_at": self._at(d - timedelta(days=14), 5),
                    }
                )
                gid += 1
                d += timedelta(days=182)
            # Yearly personrelateret tilsyn.
            d = p.start_on + timedelta(days=330)
            while d < end:
                tils.append(
                    {
                        "id": tid,
                        "sag_id": p.sag_id,
                        "afgoerelse_id": p.afgoerelse_id,
                        "udfoert_on": d,
                        "form": "moede_borger",
                        "anden_kommune": False,
                        "formaal_opfyldt": "ja",
                        "borgers_beretning": "Støtten hjælper mig.",
                        "sikkerhed_ok": "ja",
                        "paaroerende": "ikke_relevant",
                        "konklusion": "Støtten fortsætter.",
                        "handling": "ingen",
                        "udfoert_af_id": sb,
                    }
                )
                tid += 1
                d += timedelta(days=365)
        Table(Indlaeggelse, now).copy(indl)
        Table(Opfoelgning, now).copy(opf)
        Table(Tilsyn, now).copy(tils)
        Table(Opgave, now).copy(opg)
        for k, v in (
            ("indlæggelser", indl),
            ("opfølgninger", opf),
            ("tilsyn", tils),
            ("opgaver (lukkede)", opg),
        ):
            self._count(k, len(v))

    # ---------------------------------------------------------------------------------------
    def _trivsel(self) -> None:
        from portal.models import Trivselsmaaling

        rng, now = self.rng, self.now
        wid = next_id(Trivselsmaaling)
        rows = []
        for p in self.plans:
            if p.kind == "ny" or rng.random() > 0.6:
                continue
            d = max(p.start_on, self.window_start) + timedelta(days=rng.randint(0, 60))
            end = p.end_on or self.today
            level = rng.randint(1, 4)
            while d < end:
                ans = [max(0, min(5, level + rng.randint(-1, 1))) for _ in range(5)]
                rows.append(
                    {
                        "id": wid,
                        "borger_id": p.borger_id,
                        "sag_id": p.sag_id,
                        "besvaret_at": self._at(d, 11),
                        "who5_happy": ans[0],
                        "who5_calm": ans[1],
                        "who5_active": ans[2],
                        "who5_rested": ans[3],
                        "who5_interest": ans[4],
                        "who5_score": sum(ans) * 4,
                        "livstilfredshed": rng.randint(3, 9),
                        "indtastet_af_id": self.bostoetter[p.bo],
                    }
                )
                wid += 1
                d += timedelta(days=91)
        Table(Trivselsmaaling, now).copy(rows)
        self._count("trivselsmålinger", len(rows))

    def _sequences(self) -> None:
        from django.apps import apps

        for model in apps.get_models():
            if (
                model._meta.managed
                and model._meta.pk is not None
                and model._meta.pk.attname == "id"
                and model._meta.app_label in SEEDED_APPS
                and model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
            ):
                sync_sequence(model)
        sync_sequence(User.groups.through)

    def _analyze(self) -> None:
        """Statistics for the tables we wrote, not a database-wide ANALYZE: that one also takes
        the shared catalogs (pg_database, pg_authid, …) in turn with every other session's VACUUM
        or ANALYZE on the server. On the shared bench machine it once took 47 s wall for 0.5 s of
        backend CPU — waiting, most likely for those locks."""
        from django.apps import apps

        tables = sorted(
            {
                m._meta.db_table
                for m in apps.get_models(include_auto_created=True)
                if m._meta.managed and m._meta.app_label in (*SEEDED_APPS, "ffb")
            }
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
