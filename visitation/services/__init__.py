"""All writes in visitation go through these services (STYLE.md 1-4)."""

from .afgoerelse import (
    afgoerelse_approve,
    afgoerelse_create,
    afgoerelse_send_back,
    afgoerelse_traef,
    afgoerelse_update,
    afgoerelse_validate_complete,
    klagevejledning_tekst,
    maanedstimer,
)
from .bestilling import (
    IndsatsmaalInput,
    bestilling_create,
    bestilling_send,
    bestilling_update,
    bestilling_withdraw,
    borgers_oensker_tekst,
)
from .brev import afgoerelse_brev_generate, afgoerelse_brev_render, underretning_pdf_render
from .henvendelse import (
    henvendelse_create,
    henvendelse_create_for_cpr,
    henvendelse_frist,
    henvendelse_underretning_record,
)
from .klage import klage_anke_resultat, klage_create, klage_genvurder, klage_send_ankestyrelsen
from .kvalitetsstandard import (
    kvalitetsstandard_create,
    kvalitetsstandard_gaeldende,
    kvalitetsstandard_new_version,
    kvalitetsstandard_publish,
    kvalitetsstandard_update,
)
from .udredning import (
    TilstandInput,
    bilag_create,
    udredning_create,
    udredning_finish,
    udredning_save,
    udredning_start_revisitation,
    udredning_validate_complete,
)

__all__ = [
    "IndsatsmaalInput", "TilstandInput", "afgoerelse_approve", "afgoerelse_brev_generate", "afgoerelse_brev_render",
    "afgoerelse_create", "afgoerelse_send_back", "afgoerelse_traef", "afgoerelse_update", "afgoerelse_validate_complete",
    "bestilling_create", "bestilling_send", "bestilling_update", "bestilling_withdraw", "bilag_create",
    "borgers_oensker_tekst", "henvendelse_create", "henvendelse_create_for_cpr", "henvendelse_frist",
    "henvendelse_underretning_record", "klage_anke_resultat", "klage_create", "klage_genvurder",
    "klage_send_ankestyrelsen", "klagevejledning_tekst", "kvalitetsstandard_create", "kvalitetsstandard_gaeldende",
    "kvalitetsstandard_new_version", "kvalitetsstandard_publish", "kvalitetsstandard_update", "maanedstimer",
    "udredning_create", "udredning_finish", "udredning_save", "udredning_start_revisitation", "udredning_validate_complete",
    "underretning_pdf_render",
]
