"""Database-level guards for rules that look across tables (CheckConstraint cannot).

Each is a pgtrigger.Trigger attached in the model's Meta via `triggers`; the services check the
same rules first and give the Danish message, these are the second guard."""

from __future__ import annotations

import pgtrigger

# A målgruppe must be a leaf code in the Målgruppe group (DOMAIN.md T8).
afgoerelse_maalgruppe_leaf = pgtrigger.Trigger(
    name="visitation_afgoerelse_maalgruppe_leaf",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NEW.maalgruppe_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM ffb_kode k WHERE k.id = NEW.maalgruppe_id AND k.gruppe = 'maalgruppe' AND k.is_leaf
    ) THEN
        RAISE EXCEPTION 'visitation_afgoerelse_maalgruppe_leaf: målgruppe skal være en FFB-målgruppe på laveste niveau'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

# Funktionsevneniveau only on Aktivitet og deltagelse undertemaer; the undertema must be an undertema,
# the level a funktionsevneniveau code.
tilstand_funktionsevneniveau_scope = pgtrigger.Trigger(
    name="visitation_tilstand_niveau_scope",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (SELECT 1 FROM ffb_kode k WHERE k.id = NEW.undertema_id AND k.gruppe = 'undertema') THEN
        RAISE EXCEPTION 'visitation_tilstand_undertema: koden er ikke et FFB-undertema'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.funktionsevneniveau_id IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM ffb_kode k WHERE k.id = NEW.undertema_id AND k.kraever_funktionsevneniveau) THEN
            RAISE EXCEPTION 'visitation_tilstand_niveau_scope: funktionsevneniveau kun under Aktivitet og deltagelse'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM ffb_kode k WHERE k.id = NEW.funktionsevneniveau_id AND k.gruppe = 'funktionsevneniveau') THEN
            RAISE EXCEPTION 'visitation_tilstand_niveau_code: koden er ikke et funktionsevneniveau'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
    """,
)

# An indsatsmål is tied to one primary Aktivitet og deltagelse undertema.
indsatsmaal_undertema_scope = pgtrigger.Trigger(
    name="visitation_indsatsmaal_undertema_scope",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (
        SELECT 1 FROM ffb_kode k WHERE k.id = NEW.undertema_id AND k.gruppe = 'undertema' AND k.kraever_funktionsevneniveau
    ) THEN
        RAISE EXCEPTION 'visitation_indsatsmaal_undertema_scope: indsatsmål skal knyttes til et undertema under Aktivitet og deltagelse'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)
