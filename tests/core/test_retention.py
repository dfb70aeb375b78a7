"""Retention: closed cases go after RETENTION_YEARS, with history, access log and files; nothing
else goes, and the database refuses to delete journal notes and afgørelser outside a run."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pgtrigger
import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import AccessLog, Borger, Journalnotat, Sag, Sletningskoersel, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.services.retention import (
    retention_cutoff,
    sag_collect,
    sag_retention_check,
    sletning_koer,
)
from bostotte.core.services.sag import sag_adgang_give, sag_bevaring_set, sag_close, sag_create
from handleplaner.models import Delmaal, PaedagogiskPlan
from levering.models import Tildeling
from levering.services.tildeling import tildeling_create
from tests.factories import make_borger
from tests.levering import builders
from visitation.models import Afgoerelse, Bestilling, Bilag, Indsatsmaal

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
TODAY = NOW.date()
CUTOFF = date(2021, 11, 23)  # five years before TODAY (RETENTION_YEARS default)

HISTORY_TABLES_BY_SAG = [
    "core_journalnotatevent",
    "visitation_afgoerelseevent",
    "visitation_bestillingevent",
]


def _table_counts() -> dict[str, int]:
    tables = [
        "core_sag",
        "core_sagevent",
        "core_borger",
        "core_borgerevent",
        "core_journalnotat",
        "core_journalnotatevent",
        "core_accesslog",
        "core_user",
        "core_saguserobjectpermission",
        "visitation_afgoerelse",
        "visitation_afgoerelseevent",
        "visitation_bestilling",
        "visitation_bestilling_ydelser",
        "visitation_indsatsmaal",
        "visitation_bilag",
        "handleplaner_delmaal",
        "pghistory_context",
        "django_admin_log",
        "django_content_type",
    ]
    counts = {}
    with connection.cursor() as cursor:
        for t in tables:
            cursor.execute(f'SELECT count(*) FROM "{t}"')  # noqa: S608 (constant names)
            counts[t] = cursor.fetchone()[0]
    return counts


def _old_case(
    cast,
    *,
    fornavn: str = "Ole",
    borger: Borger | None = None,
    closed_on: date | None = date(2019, 6, 30),
    full: bool = True,
) -> Sag:
    """A case opened in 2018 and (by default) closed mid-2019, with rows in several apps."""
    borger = borger or make_borger(
        fornavn,
        "Gammel",
        kommune=cast.kommune,
        with_login=True,
        username=f"{fornavn.lower()}_login",
    )
    sag = sag_create(
        borger=borger,
        ansvarlig=cast.anna,
        team=cast.team_nord,
        handlekommune=cast.kommune,
        opened_on=date(2018, 3, 1),
        actor=cast.anna,
        now=NOW,
    )
    accesslog_record(
        actor=cast.anna,
        borger=borger,
        sag=sag,
        art="visning",
        formaal="Sagsbehandling",
        view_name="sag-detail",
        now=NOW,
    )
    if full:
        accesslog_record(
            actor=cast.anna,
            borger=borger,
            art="soegning",
            formaal="CPR-opslag",
            view_name="sag-list",
            now=NOW,
        )
        sag_adgang_give(
            sag=sag,
            user=cast.anders,
            udloeber_at=NOW + timedelta(days=7),
            begrundelse="Vikar",
            actor=cast.bo,
            now=NOW,
        )
        bestilling = builders.bestilling(
            sag, cast.lev_nord, status="accepteret", starts_on=date(2018, 4, 1)
        )
        builders.delmaal(bestilling)
        tildeling_create(
            bestilling=bestilling,
            medarbejder=cast.dorte,
            starts_on=date(2018, 4, 1),
            ends_on=None,
            actor=None,
        )
        afg = bestilling.afgoerelse
        afg.brev.save(f"breve/{sag.sagsnummer}.pdf", ContentFile(b"%PDF-1.4 brev"), save=True)
        bilag = Bilag(
            sag=sag,
            art="andet",
            titel="Erklæring",
            content_type="application/pdf",
            stoerrelse=12,
            uploadet_af=cast.anna,
        )
        bilag.fil.save("erklaering.pdf", ContentFile(b"%PDF-1.4 bilag"), save=True)
        LogEntry.objects.create(
            user=cast.ida,
            content_type=ContentType.objects.get_for_model(Borger),
            object_id=str(borger.pk),
            object_repr=borger.navn,
            action_flag=CHANGE,
        )
    if closed_on is not None:
        sag_close(
            sag=sag,
            closed_on=closed_on,
            begrundelse="Støtten er afsluttet.",
            actor=cast.anna,
            now=NOW,
        )
    return sag


def _run(**kwargs):  # type: ignore[no-untyped-def]
    return sletning_koer(actor=None, now=NOW, **kwargs)


@pytest.fixture(autouse=True)
def _pinned_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


class RetentionCutoffTests:
    def test_it_counts_whole_years_back(self):
        assert retention_cutoff(today=TODAY, years=5) == CUTOFF

    def test_it_moves_29_february_to_the_28th(self):
        assert retention_cutoff(today=date(2028, 2, 29), years=5) == date(2023, 2, 28)

    def test_it_refuses_less_than_a_year(self):
        with pytest.raises(ApplicationError):
            retention_cutoff(today=TODAY, years=0)

    def test_the_setting_refuses_nonsense(self):
        for value in ("0", "fem", "-3"):
            proc = subprocess.run(  # noqa: S603
                [sys.executable, "-c", "import django; django.setup()"],
                env={
                    "DJANGO_SETTINGS_MODULE": "bostotte.settings.test",
                    "RETENTION_YEARS": value,
                    "PATH": "/usr/bin:/bin",
                },
                capture_output=True,
                text=True,
                check=False,
            )
            assert proc.returncode != 0 and "RETENTION_YEARS" in proc.stderr, value


class DryRunTests:
    def test_it_changes_nothing_and_lists_what_would_go(
        self, cast, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast)
        before = _table_counts()
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=False)
        assert _table_counts() == before
        assert not Sletningskoersel.objects.exists()
        assert [u.sagsnummer for u in rapport.sager] == [sag.sagsnummer]
        antal = rapport.sager[0].antal
        assert (
            antal["core_sag"] == 1 and antal["core_borger"] == 1 and antal["core_journalnotat"] >= 3
        )
        assert (
            antal["core_accesslog"] == 2
            and antal["visitation_afgoerelse"] == 1
            and antal["core_sagevent"] >= 2
        )
        assert default_storage.exists(Bilag.objects.get(sag=sag).fil.name)

    def test_the_command_is_a_dry_run_by_default(self, cast):
        sag = _old_case(cast, full=False)
        out = _call("slet_udloebne_sager")
        assert "PRØVEKØRSEL" in out and sag.sagsnummer in out and "core_journalnotat" in out
        assert Sag.objects.filter(pk=sag.pk).exists() and not Sletningskoersel.objects.exists()


def _call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class DeletionTests:
    def test_it_deletes_the_case_with_history_access_log_and_files(
        self, cast, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast)
        borger, login = sag.borger, sag.borger.user
        note_ids = list(Journalnotat.objects.filter(sag=sag).values_list("pk", flat=True))
        afg = Afgoerelse.objects.get(sag=sag)
        bestilling = Bestilling.objects.get(sag=sag)
        plan = PaedagogiskPlan.objects.get(bestilling=bestilling)
        files = [afg.brev.name, Bilag.objects.get(sag=sag).fil.name]
        other_notes = Journalnotat.objects.filter(sag=cast.sag_erik).count()
        other_log = AccessLog.objects.filter(borger=cast.erik).count()

        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True)

        assert [u.fejl for u in rapport.sager] == [""]
        assert not Sag.objects.filter(pk=sag.pk).exists()
        assert not Borger.objects.filter(pk=borger.pk).exists()
        assert not User.objects.filter(pk=login.pk).exists()
        assert not Journalnotat.objects.filter(pk__in=note_ids).exists()
        assert (
            not Afgoerelse.objects.filter(pk=afg.pk).exists()
            and not Bestilling.objects.filter(pk=bestilling.pk).exists()
        )
        assert not Indsatsmaal.objects.filter(bestilling_id=bestilling.pk).exists()
        assert not Delmaal.objects.filter(plan_id=plan.pk).exists()
        assert not Tildeling.objects.filter(bestilling_id=bestilling.pk).exists()
        assert not AccessLog.objects.filter(borger_id=borger.pk).exists()
        assert not LogEntry.objects.filter(
            object_id=str(borger.pk), object_repr=borger.navn
        ).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM core_sagevent WHERE pgh_obj_id = %s", [sag.pk])
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM core_borgerevent WHERE pgh_obj_id = %s", [borger.pk]
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute("SELECT count(*) FROM core_userevent WHERE pgh_obj_id = %s", [login.pk])
            assert cursor.fetchone()[0] == 0
            for table in HISTORY_TABLES_BY_SAG:
                cursor.execute(f"SELECT count(*) FROM {table} WHERE sag_id = %s", [sag.pk])  # noqa: S608
                assert cursor.fetchone()[0] == 0, table
            cursor.execute(
                "SELECT count(*) FROM visitation_bestilling_ydelser WHERE bestilling_id = %s",
                [bestilling.pk],
            )
            assert cursor.fetchone()[0] == 0
        for name in files:
            assert not default_storage.exists(name), name
        # Erik's case is untouched.
        assert Journalnotat.objects.filter(sag=cast.sag_erik).count() == other_notes
        assert AccessLog.objects.filter(borger=cast.erik).count() == other_log

    def test_it_stores_a_report_without_personal_data(
        self, cast, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast)
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True)
        run = Sletningskoersel.objects.get()
        assert run == rapport.koersel
        assert (run.cutoff, run.opbevaring_aar, run.sager_slettet, run.sager_fejlet) == (
            CUTOFF,
            5,
            1,
            0,
        )
        assert (
            run.antal == rapport.antal
            and run.antal["core_sag"] == 1
            and run.antal["core_accesslog"] == 2
        )
        assert run.antal["core_journalnotatevent"] == run.antal["core_journalnotat"]
        stored = json.dumps([run.antal, run.fejl, run.koert_som])
        for personal in (sag.sagsnummer, "Ole", "Gammel", sag.borger.cpr):
            assert personal not in stored

    def test_it_keeps_the_borger_who_has_another_case(
        self, cast, django_capture_on_commit_callbacks
    ):
        borger = make_borger(
            "Berit", "Begge", kommune=cast.kommune, with_login=True, username="berit"
        )
        old = _old_case(cast, borger=borger, full=False)
        current = _old_case(cast, borger=borger, closed_on=None, full=False)
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True)
        assert [u.sag_id for u in rapport.sager] == [old.pk] and rapport.sager[0].fejl == ""
        assert (
            not Sag.objects.filter(pk=old.pk).exists()
            and Sag.objects.filter(pk=current.pk).exists()
        )
        assert (
            Borger.objects.filter(pk=borger.pk).exists()
            and User.objects.filter(pk=borger.user_id).exists()
        )
        assert (
            AccessLog.objects.filter(sag=current).count() == 1
            and not AccessLog.objects.filter(sag_id=old.pk).exists()
        )
        assert "core_borger" not in rapport.antal

    def test_it_leaves_open_held_and_recent_cases_alone(
        self, cast, django_capture_on_commit_callbacks
    ):
        recent = _old_case(
            cast, fornavn="Rita", closed_on=CUTOFF, full=False
        )  # closed on the cutoff day: kept
        held = _old_case(cast, fornavn="Hugo", full=False)
        sag_bevaring_set(
            sag=held,
            bevares=True,
            grund="klage",
            begrundelse="Klagen er i Ankestyrelsen",
            actor=cast.bo,
            now=NOW,
        )
        expired = _old_case(cast, fornavn="Egon", closed_on=CUTOFF - timedelta(days=1), full=False)
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True)
        assert [u.sag_id for u in rapport.sager] == [expired.pk]
        assert (
            Sag.objects.filter(
                pk__in=[recent.pk, held.pk, cast.sag_erik.pk, cast.sag_gitte.pk]
            ).count()
            == 4
        )
        assert not Sag.objects.filter(pk=expired.pk).exists()

    def test_the_service_refuses_open_held_and_recent_cases_itself(self, cast):
        held = _old_case(cast, fornavn="Hugo", full=False)
        sag_bevaring_set(
            sag=held,
            bevares=True,
            grund="arkiv",
            begrundelse="Afleveres til Rigsarkivet",
            actor=cast.bo,
            now=NOW,
        )
        recent = _old_case(cast, fornavn="Rita", closed_on=date(2024, 1, 1), full=False)
        cases = {"sag_aaben": cast.sag_erik, "sag_bevares": held, "sag_inden_for_perioden": recent}
        for code, sag in cases.items():
            with pytest.raises(ApplicationError) as exc:
                sag_retention_check(sag=sag, cutoff=CUTOFF, today=TODAY)
            assert exc.value.code == code
        with pytest.raises(ApplicationError) as exc:
            sag_retention_check(
                sag=_old_case(cast, fornavn="Egon", full=False), cutoff=TODAY, today=TODAY
            )
        assert exc.value.code == "cutoff_ugyldig"

    def test_a_case_tied_to_another_case_is_reported_and_kept(
        self, cast, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast, full=False)
        # A note on Erik's open case that (wrongly) corrects a note on the old case.
        original = Journalnotat.objects.filter(sag=sag).first()
        Journalnotat.objects.create(
            sag=cast.sag_erik,
            art="andet",
            emne="Rettelse",
            tekst="Forkert sag",
            haendelse_at=NOW,
            korrigerer=original,
        )
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True)
        assert rapport.sager[0].fejl and "anden sag" in rapport.sager[0].fejl
        assert (
            Sag.objects.filter(pk=sag.pk).exists()
            and Journalnotat.objects.filter(pk=original.pk).exists()
        )
        run = Sletningskoersel.objects.get()
        assert (run.sager_slettet, run.sager_fejlet) == (0, 1) and run.fejl[0]["sag_id"] == sag.pk

    def test_the_command_deletes_with_udfoer_and_refuses_a_future_date(
        self, cast, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast, full=False)
        with pytest.raises(CommandError):
            _call("slet_udloebne_sager", "--udfoer", "--dato", "2026-11-24")
        assert Sag.objects.filter(pk=sag.pk).exists()
        with django_capture_on_commit_callbacks(execute=True):
            out = _call("slet_udloebne_sager", "--udfoer", "--bruger", "bo", "--arkiv", "ingen")
        assert (
            "SLETNING" in out
            and sag.sagsnummer in out
            and not Sag.objects.filter(pk=sag.pk).exists()
        )
        assert Sletningskoersel.objects.get().actor == cast.bo

    def test_an_earlier_dato_deletes_less(self, cast, django_capture_on_commit_callbacks):
        sag = _old_case(cast, full=False)  # closed 30.06.2019: expired on 30.06.2024
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True, today=date(2024, 6, 30))
        assert rapport.sager == [] and Sag.objects.filter(pk=sag.pk).exists()


class ArchiveTests:
    def test_it_writes_one_zip_per_case_before_deleting(
        self, cast, tmp_path, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast)
        cpr = sag.borger.cpr
        note_count = Journalnotat.objects.filter(sag=sag).count()
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True, arkiv_dir=tmp_path)
        assert rapport.koersel is not None and rapport.koersel.arkiveret
        package = tmp_path / f"{sag.sagsnummer}.zip"
        with zipfile.ZipFile(package) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            assert manifest["sagsnummer"] == sag.sagsnummer and manifest["borger"]["cpr"] == cpr
            notes = json.loads(zf.read("data/core_journalnotat.json"))
            assert len(notes) == note_count and all(n["fields"]["sag"] == sag.pk for n in notes)
            assert len(json.loads(zf.read("data/core_accesslog.json"))) == 2
            assert json.loads(zf.read("data/core_sagevent.json"))
            file_names = [n for n in zf.namelist() if n.startswith("filer/")]
            assert len(file_names) == 2 and b"%PDF-1.4 bilag" in [zf.read(n) for n in file_names]
        assert list(tmp_path.glob(".arkiv-*")) == []
        assert not Sag.objects.filter(pk=sag.pk).exists()

    def test_a_failed_archive_keeps_the_case(
        self, cast, tmp_path, django_capture_on_commit_callbacks
    ):
        sag = _old_case(cast, full=False)
        blocker = tmp_path / "ikke-en-mappe"
        blocker.write_text("x")
        with django_capture_on_commit_callbacks(execute=True):
            rapport = _run(udfoer=True, arkiv_dir=blocker)
        assert rapport.sager[0].fejl and Sag.objects.filter(pk=sag.pk).exists()


class DatabaseGuardTests:
    """The second guard: the journal and afgørelse tables refuse DELETE outside a retention run,
    even when the append-only Protect trigger is switched off."""

    def _delete(self, table: str, pk: int, *, cutoff: str | None = None) -> None:
        with (
            pgtrigger.ignore("core.Journalnotat:core_journalnotat_append_only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            if cutoff is not None:
                cursor.execute("SELECT set_config('bostotte.retention_cutoff', %s, true)", [cutoff])
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
            cursor.execute("SELECT set_config('bostotte.retention_cutoff', '', true)")

    def test_it_refuses_a_plain_delete_of_a_journal_note(self, cast):
        note = Journalnotat.objects.filter(sag=_old_case(cast, full=False)).first()
        with pytest.raises(IntegrityError, match="sletningskørslen"):
            self._delete("core_journalnotat", note.pk)
        assert Journalnotat.objects.filter(pk=note.pk).exists()

    def test_it_refuses_a_plain_delete_of_an_afgoerelse(self, cast):
        afg = Afgoerelse.objects.get(sag=_old_case(cast))
        with pytest.raises(IntegrityError, match="sletningskørslen"):
            self._delete("visitation_afgoerelse", afg.pk)
        with pytest.raises(IntegrityError), transaction.atomic():
            Afgoerelse.objects.filter(pk=afg.pk)._raw_delete("default")
        assert Afgoerelse.objects.filter(pk=afg.pk).exists()

    def test_it_refuses_when_the_case_is_open_held_or_closed_after_the_cutoff(self, cast):
        held = _old_case(cast, fornavn="Hugo", full=False)
        sag_bevaring_set(
            sag=held, bevares=True, grund="arkiv", begrundelse="Afleveres", actor=cast.bo, now=NOW
        )
        recent = _old_case(cast, fornavn="Rita", closed_on=date(2024, 1, 1), full=False)
        for sag in (cast.sag_erik, held, recent):
            note = Journalnotat.objects.filter(sag=sag).first()
            with pytest.raises(IntegrityError, match="ikke lukket før"):
                self._delete("core_journalnotat", note.pk, cutoff=CUTOFF.isoformat())

    def test_it_refuses_a_cutoff_that_is_not_in_the_past(self, cast):
        note = Journalnotat.objects.filter(sag=_old_case(cast, full=False)).first()
        with pytest.raises(IntegrityError, match="sletningskørslen"):
            self._delete("core_journalnotat", note.pk, cutoff="2999-01-01")

    def test_it_allows_the_delete_inside_a_run_for_an_expired_case(self, cast):
        note = Journalnotat.objects.filter(sag=_old_case(cast, full=False)).first()
        with pgtrigger.ignore("core.JournalnotatEvent:append_only"):
            self._delete("core_journalnotat", note.pk, cutoff=CUTOFF.isoformat())
        assert not Journalnotat.objects.filter(pk=note.pk).exists()


class BevaringTests:
    def test_the_leader_puts_a_case_on_hold_with_a_reason_and_a_journal_note(self, cast):
        sag = sag_bevaring_set(
            sag=cast.sag_erik,
            bevares=True,
            grund="arkiv",
            begrundelse=" Afleveres ",
            actor=cast.bo,
            now=NOW,
        )
        sag.refresh_from_db()
        assert (
            sag.bevares,
            sag.bevares_grund,
            sag.bevares_begrundelse,
            sag.bevares_af,
            sag.bevares_at,
        ) == (True, "arkiv", "Afleveres", cast.bo, NOW)
        assert Journalnotat.objects.filter(sag=sag, emne="Sagen skal bevares").exists()
        sag_bevaring_set(
            sag=sag,
            bevares=False,
            grund="",
            begrundelse="Klagen er afgjort",
            actor=cast.bo,
            now=NOW,
        )
        sag.refresh_from_db()
        assert (sag.bevares, sag.bevares_grund, sag.bevares_begrundelse, sag.bevares_af) == (
            False,
            "",
            "",
            None,
        )

    def test_only_the_teams_leader_decides(self, cast):
        for actor in (cast.anna, cast.sofie):
            with pytest.raises(ApplicationError):
                sag_bevaring_set(
                    sag=cast.sag_erik,
                    bevares=True,
                    grund="arkiv",
                    begrundelse="x",
                    actor=actor,
                    now=NOW,
                )
        assert not Sag.objects.get(pk=cast.sag_erik.pk).bevares

    def test_it_needs_a_grund_and_a_begrundelse(self, cast):
        with pytest.raises(ValidationError) as exc:
            sag_bevaring_set(
                sag=cast.sag_erik, bevares=True, grund="", begrundelse="  ", actor=cast.bo, now=NOW
            )
        assert set(exc.value.message_dict) == {"grund", "begrundelse"}

    def test_the_database_wants_a_reason_for_a_hold(self, cast):
        with pytest.raises(IntegrityError), transaction.atomic():
            Sag.objects.filter(pk=cast.sag_erik.pk).update(bevares=True)

    def test_the_case_page_shows_the_hold_and_the_leader_sets_it(self, cast, client):
        client.force_login(cast.bo)
        url = reverse("core:sag-bevaring", kwargs={"uuid": cast.sag_erik.uuid})
        page = client.get(
            reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        ).content.decode()
        assert url in page and "Slettes, når opbevaringsperioden" in page
        bad = client.post(url, {"bevares": "1", "grund": "", "begrundelse": "Klage"})
        assert bad.status_code == 422 and "Vælg hvorfor sagen skal bevares." in bad.content.decode()
        assert "Klage" in bad.content.decode()  # what was typed is kept
        resp = client.post(
            url, {"bevares": "1", "grund": "klage", "begrundelse": "Verserende klage"}
        )
        assert resp.status_code == 302
        page = client.get(
            reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        ).content.decode()
        assert "Sagen skal bevares" in page and "Verserende klage" in page

    def test_a_caseworker_cannot_set_it(self, cast, client):
        client.force_login(cast.anna)
        url = reverse("core:sag-bevaring", kwargs={"uuid": cast.sag_erik.uuid})
        page = client.get(
            reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        ).content.decode()
        assert url not in page
        assert (
            client.post(url, {"bevares": "1", "grund": "klage", "begrundelse": "x"}).status_code
            == 403
        )


def test_collect_follows_hidden_foreign_keys(cast):
    """AccessLog points at the case with related_name='+'; the walk must still find it."""
    sag = _old_case(cast, full=False)
    rows = sag_collect(sag=sag)
    assert rows[AccessLog] == set(AccessLog.objects.filter(sag=sag).values_list("pk", flat=True))
