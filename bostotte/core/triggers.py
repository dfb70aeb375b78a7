"""Database-level guards of the shared core that a CheckConstraint cannot express.

The services check the same rules first and give a Danish message; these are the second guard."""

from __future__ import annotations

import pgtrigger

# The transaction-local setting the retention run sets (services/retention.py) before it deletes
# the rows of one case: the run's cutoff date. Outside that transaction it is unset.
RETENTION_CUTOFF_SETTING = "bostotte.retention_cutoff"

# Journal notes and afgørelser are deleted only with their case, and only when the case was closed
# before the cutoff of a retention run and is not on hold (`bevares`). The cutoff must lie in the
# past, so no setting can reach an open or recently closed case. The same body guards
# visitation_afgoerelse (installed by core migration 0005: the rule belongs to retention, and the
# visitation model state stays as its owners left it).
RETENTION_GUARD_BODY = """
    cutoff := NULLIF(current_setting('bostotte.retention_cutoff', true), '')::date;
    IF cutoff IS NULL OR cutoff >= CURRENT_DATE THEN
        RAISE EXCEPTION '%: journalnotater og afgørelser slettes kun af sletningskørslen (manage.py slet_udloebne_sager)', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT s.status = 'lukket' AND s.closed_on < cutoff AND NOT s.bevares INTO allowed
        FROM core_sag s WHERE s.id = OLD.sag_id;
    IF allowed IS NOT TRUE THEN
        RAISE EXCEPTION '%: sagen er ikke lukket før %, eller den skal bevares', TG_TABLE_NAME, cutoff
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
"""


def retention_delete_guard(name: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Delete,
        # pgtrigger wraps `func` in BEGIN … END; we need a DECLARE block, so `declare` is used.
        declare=[("cutoff", "date"), ("allowed", "boolean")],
        func=RETENTION_GUARD_BODY,
    )


# The citizen's names on the case (`Sag.borger_efternavn`/`borger_fornavn`), which the case list
# sorts by and reads from the case's own indexes (issue 10). Not a rule of the service: a copy the
# database keeps, so nothing Django writes can make it stale.
# On every insert and update of a case, from its citizen (a save() with stale values included).
sag_borger_navn = pgtrigger.Trigger(
    name="core_sag_borger_navn",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    SELECT b.efternavn, b.fornavn INTO NEW.borger_efternavn, NEW.borger_fornavn
        FROM core_borger b WHERE b.id = NEW.borger_id;
    RETURN NEW;
    """,
)
# When a citizen is renamed or anonymised, to each of their cases (index core_sag_borger_id_…).
borger_navn_til_sager = pgtrigger.Trigger(
    name="core_borger_navn_til_sager",
    when=pgtrigger.After,
    operation=pgtrigger.UpdateOf("efternavn", "fornavn"),
    condition=pgtrigger.AnyChange("efternavn", "fornavn"),
    func="""
    UPDATE core_sag SET borger_efternavn = NEW.efternavn, borger_fornavn = NEW.fornavn
        WHERE borger_id = NEW.id;
    RETURN NULL;
    """,
)
