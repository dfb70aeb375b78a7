from .audit import AccessLog, Heartbeat
from .base import BaseModel, UUIDModel
from .borger import Borger, Paaroerende, Samtykke, SamtykkeOmfang
from .organisation import (
    LEVERANDOER_ROLLER,
    MYNDIGHED_ROLLER,
    Koen,
    Kommune,
    Leverandoer,
    LeverandoerTeam,
    Medarbejder,
    MyndighedTeam,
    Rolle,
    Uddannelse,
    User,
)
from .retention import Sletningskoersel
from .sag import Journalnotat, Sag, SagGroupObjectPermission, SagUserObjectPermission

__all__ = [
    "LEVERANDOER_ROLLER",
    "MYNDIGHED_ROLLER",
    "AccessLog",
    "BaseModel",
    "Borger",
    "Heartbeat",
    "Journalnotat",
    "Koen",
    "Kommune",
    "Leverandoer",
    "LeverandoerTeam",
    "Medarbejder",
    "MyndighedTeam",
    "Paaroerende",
    "Rolle",
    "Sag",
    "SagGroupObjectPermission",
    "SagUserObjectPermission",
    "Sletningskoersel",
    "Samtykke",
    "SamtykkeOmfang",
    "Uddannelse",
    "User",
    "UUIDModel",
]
