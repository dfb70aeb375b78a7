"""FFB reference data: KL's FFB and CareSocialCodes CodeSystems as queryable rows.

Design
------
- Two tables. `Kodesystem` is one published version of a FHIR CodeSystem (url + version).
  `Kode` is one concept of that version, flattened from the nested JSON. Each row keeps its
  parent, depth, display path, leaf flag and the codes of its ancestors (`ancestor_codes`,
  used for "descendants of X" queries).
- The natural key is (kodesystem, code), so (url, version, code) in FHIR terms. A new release
  is loaded next to the old one; rows are never deleted, and old displays stay as they were.
  Other apps point a ForeignKey (`on_delete=PROTECT`) at the `Kode` row they used, so the
  version stays with every coded value. `Kodesystem.is_current` marks the newest version per
  url (one per url, enforced by a constraint). Query helpers return that version unless you
  pass `version=`.
- The application adds two things the files do not hold (see docs/DOMAIN.md section 4):
  - `gruppe` says which group a code belongs to (undertema, målgruppe, ydelse, kilde, …).
    It is derived from the stable codes of the group roots, never from displays.
  - `ordinal` is 0–4 for Funktionsevneniveau and Støttebehovsniveau (T2/T3). "Ikke vurderet"
    has none.
  - `kraever_funktionsevneniveau` is True only on undertemaer under "Aktivitet og deltagelse".
    These are the only undertemaer a funktionsevneniveau may be rated on. The pair
    (id, kraever_funktionsevneniveau) is unique, so another table can hold a composite foreign
    key to it and enforce the rule with a CHECK.
- Writes: `services.kodesystem_load` (idempotent, bulk, one transaction) and the
  `load_ffb` management command. Reads: `Kode.objects.<helper>()` and `selectors`.
  Well-known codes are in `codes` and re-exported from `selectors`.
"""
