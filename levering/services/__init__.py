"""Writes for the leverandør side. Import from here: `from levering.services import bestilling_accept`."""

from .besoeg import (
    GruppeDeltager,
    besoeg_create,
    besoeg_serie_create,
    besoeg_update,
    gruppesession_create,
)
from .bestilling import bestilling_accept, bestilling_decline
from .indlaeggelse import indlaeggelse_create, indlaeggelse_opfoelgning_afslut, indlaeggelse_udskriv
from .statusrapport import statusrapport_create
from .tildeling import tildeling_create, tildeling_end, tildeling_reassign

__all__ = [
    "GruppeDeltager",
    "besoeg_create",
    "besoeg_serie_create",
    "besoeg_update",
    "bestilling_accept",
    "bestilling_decline",
    "gruppesession_create",
    "indlaeggelse_create",
    "indlaeggelse_opfoelgning_afslut",
    "indlaeggelse_udskriv",
    "statusrapport_create",
    "tildeling_create",
    "tildeling_end",
    "tildeling_reassign",
]
