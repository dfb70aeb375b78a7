"""Well-known codes from KL's FFB and CareSocialCodes (docs/DOMAIN.md section 4).

These are plain strings, so importing them costs nothing and causes no import cycles.
Codes are stable across versions; displays are not, so code against these constants and not
against display texts. `tests/ffb/test_codes.py` checks that every constant exists in the
shipped files.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

# --- CodeSystems ------------------------------------------------------------------------------
FFB_URL: Final = "urn:oid:1.2.208.176.2.22"
CARESOCIAL_URL: Final = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes"

# --- FFB: top-level groups and their direct sub-groups ------------------------------------------
SOCIAL_INDSATS: Final = "67b4ac73-dedf-4337-ad56-476b0a55ab03"
YDELSE: Final = "af7624f8-affd-4a7e-8754-b1b1dd9d8def"  # T6, under Social indsats
TILBUD: Final = "f708aea3-66bd-46c6-af11-7bf28942fa47"  # T7, under Social indsats
MAALGRUPPE: Final = "cda90d67-f65a-4a34-b8d8-168ee9ff0949"  # T8, under Social indsats
STOETTEBEHOVSNIVEAU: Final = "7ac451dc-773b-4877-baaf-1e6b1d5c8e28"  # T3
STATUS_PAA_INDSATS: Final = "90479ffa-bf46-4b3a-a172-91f2798e2a43"  # T5
FFB_TILSTANDE: Final = "b3ddc7d7-f6c1-4d47-8280-456992cbe0a6"  # T1
MAALTYPE: Final = "b5257b2d-0fbf-4d00-bf38-d298c8568116"  # T4
FUNKTIONSEVNENIVEAU: Final = "e89d317c-4657-4970-b614-ada2ed220595"  # T2

# --- FFB tilstande: kategorier (T1) --------------------------------------------------------------
FUNKTIONER_OG_FORHOLD: Final = "740934cd-002b-4b96-b92e-b3562eed9448"
AKTIVITET_OG_DELTAGELSE: Final = "93433530-b85c-4d04-a4fb-5ae26cf16f1c"
OMGIVELSESFAKTORER: Final = "a56d59c0-c8fd-468c-85f9-b67f66561b90"

# --- T2 Funktionsevneniveau ------------------------------------------------------------------------
FUNKTIONSEVNENIVEAU_INGEN: Final = "b508ff66-6326-4862-a6d7-7bbf184c9823"
FUNKTIONSEVNENIVEAU_LET: Final = "8328ce4a-6238-4f73-bf1a-74aadb68eff8"
FUNKTIONSEVNENIVEAU_MODERAT: Final = "5bdde847-2837-416b-ab63-bbff8b7aa531"
FUNKTIONSEVNENIVEAU_SVAER: Final = "cae545f5-2813-4d79-98fc-0a7d770af3cd"
FUNKTIONSEVNENIVEAU_FULDSTAENDIG: Final = "832ae90b-23b5-4063-80aa-0b81bdce680e"
FUNKTIONSEVNENIVEAU_IKKE_VURDERET: Final = "1c327095-107f-4b96-88d0-ec562cb980be"

# --- T3 Støttebehovsniveau --------------------------------------------------------------------------
STOETTEBEHOV_INTET: Final = "ae9f388a-91c3-46cf-af55-f81952f2977c"
STOETTEBEHOV_LET: Final = "dd628e73-d6c9-4837-a2b8-aa62d73bd6ae"
STOETTEBEHOV_MODERAT: Final = "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76"
STOETTEBEHOV_HOEJT: Final = "b99a0790-4d70-4152-b149-3fe58b745583"
STOETTEBEHOV_FULDSTAENDIGT: Final = "e99763d6-6c43-4969-ad52-2b1a7055f9dc"
STOETTEBEHOV_IKKE_VURDERET: Final = "2254dac8-8aa3-4334-8502-9720194f49ad"

# App-assigned ordinals on VUM's 0-4 scale (DOMAIN.md T2/T3); "Ikke vurderet" has none.
ORDINALS: Final[Mapping[str, int]] = MappingProxyType(
    {
        FUNKTIONSEVNENIVEAU_INGEN: 0,
        FUNKTIONSEVNENIVEAU_LET: 1,
        FUNKTIONSEVNENIVEAU_MODERAT: 2,
        FUNKTIONSEVNENIVEAU_SVAER: 3,
        FUNKTIONSEVNENIVEAU_FULDSTAENDIG: 4,
        STOETTEBEHOV_INTET: 0,
        STOETTEBEHOV_LET: 1,
        STOETTEBEHOV_MODERAT: 2,
        STOETTEBEHOV_HOEJT: 3,
        STOETTEBEHOV_FULDSTAENDIGT: 4,
    }
)

# --- T4 Måltype --------------------------------------------------------------------------------------
MAALTYPE_FASTHOLDE: Final = "10752a63-00b4-4958-b7f4-9f3a18f74266"  # Fastholde funktionsevne
MAALTYPE_UDVIKLE: Final = "d41c8072-52f8-42b5-9375-ddbea454d27f"  # Udvikle funktionsevne
MAALTYPE_BEGRAENSE_TAB: Final = "e47c22bd-d88d-48ab-882b-419923e1f44e"  # Begrænse tab af …

# --- T5 Status på indsats (= FFB opfølgningsresultat, ValueSet KLFollowUpCodesFFB) ------------------
STATUS_FORTSAETTELSE: Final = "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a"
STATUS_AFSLUTNING_OG_NY_VISITATION: Final = "b4c01aa8-82fd-44e4-83ff-ca19ec02c779"  # revisitation
STATUS_AFSLUTNING: Final = "d7d03656-4c87-4e67-9146-aa5990460f16"

# --- T6 Ydelse / T7 Tilbud ---------------------------------------------------------------------------
SOCIALPAEDAGOGISK_STOETTE: Final = "1f0ff82b-3243-422f-9651-1d00fd2dcd61"  # § 85: its leaf codes
FOREBYGGENDE_HJAELP_OG_STOETTE: Final = "21dca9cf-c238-465b-9f12-15351f51b038"  # § 82 a / § 82 b
MOBILT_TILBUD: Final = "d90f4da6-f87a-43b5-833f-646b4baf16d6"
ALMEN_AELDRE_OG_HANDICAPVENLIG_BOLIG: Final = "a7cbf55b-6906-4b2a-872e-c48b4d728837"

# --- CareSocialCodes: groups used for § 85 (T9) -------------------------------------------------------
EVALUERING: Final = "95ec4535-8fe8-4296-867c-35de421794cf"
KILDE: Final = "b5731132-f6b9-4a47-995d-681d2b755d4f"
MAAL_FORMAAL: Final = "253bbdc0-c4ca-4e77-9d3e-3a9e51281636"
KONTAKTAKTIVITET: Final = "25303acd-dcaf-4a8e-a8a3-3961a43858aa"
KONTAKTKLASSE: Final = "bf469e95-f9e3-45c7-bf15-ab7e8a85236f"
LEVERINGSTYPE: Final = "3f79cee2-b148-4f2c-9cbd-387820e74685"
BEGRUNDELSE_FOR_INDSATSOPHOER: Final = "2c059407-fed5-4852-92d8-6bb5ad63d7bb"
BEGRUNDELSE_FOR_MANGLENDE_AKTIVITET: Final = "bb233864-6d4c-4ab4-a4a3-567e61b3dfb0"
OPLYSNINGSAKTIVITET: Final = "940f37e6-8a3d-483b-adac-be8af3268a5b"
PLANLAGT_INDSATSFORLOEB: Final = "10deb210-e7e1-4d56-9531-b9ff2102126e"
INDSATS_YDELSESANMODNING: Final = "7b41185e-eeb4-437d-8120-5d51bbd27a79"
MAALFOKUS: Final = "11266a8f-5795-42ab-88ec-4fe5c6c28e80"
INDFORSTAAELSE_IFM_HENVENDELSE: Final = "3762dd32-4123-43a8-815d-ec40d3697652"

# --- CareSocialCodes: single codes used for § 85 -------------------------------------------------------
EVALUERING_FFB_STOETTEBEHOVSVURDERING: Final = "effe55c7-572c-4a99-8fb4-2a9dda2f6572"
EVALUERING_FFB_VURDERING_AF_BORGERS_SITUATION: Final = "053a301d-1bb8-4cc4-b781-87825ecf0ef8"
MAAL_FFB_BORGERS_MAAL_OG_OENSKER: Final = "416fe27d-3ccf-4390-8742-8b52a9d8dc78"
MAAL_FFB_INDSATSMAAL: Final = "0bb3daef-538d-45dc-b444-abdbcb63f6bc"
MAAL_FFB_DELMAAL: Final = "6746d4af-145a-4bfd-a672-05c0cf11b53b"
OPLYSNINGSAKTIVITET_SOCIALFAGLIG_UDREDNING: Final = "f8ebd11a-04f3-4aa0-9786-406e8896c84d"
PLANLAGT_INDSATSFORLOEB_SOCIAL_INDSATS: Final = "e459386d-1474-4c31-89c5-c8bc7a25e3d4"
INDSATS_YDELSESANMODNING_SOCIAL_INDSATS: Final = "4a297733-4d66-4726-a933-590d55cf91e0"
MAALFOKUS_FUNKTIONSEVNENIVEAU: Final = "66959f77-6e2a-4574-8423-3ff097f8b9fa"
MAALFOKUS_MAALTYPE: Final = "90c48f03-f194-4b2f-ad7d-6cba1069ae48"
INDFORSTAAET: Final = "e67035da-9179-466b-99ad-ea86835d38c9"
IKKE_INDFORSTAAET: Final = "54aeeba6-6aa2-4165-a5a8-bbd6f2f3b1eb"

__all__ = [
    "FFB_URL",
    "CARESOCIAL_URL",
    "SOCIAL_INDSATS",
    "YDELSE",
    "TILBUD",
    "MAALGRUPPE",
    "STOETTEBEHOVSNIVEAU",
    "STATUS_PAA_INDSATS",
    "FFB_TILSTANDE",
    "MAALTYPE",
    "FUNKTIONSEVNENIVEAU",
    "FUNKTIONER_OG_FORHOLD",
    "AKTIVITET_OG_DELTAGELSE",
    "OMGIVELSESFAKTORER",
    "FUNKTIONSEVNENIVEAU_INGEN",
    "FUNKTIONSEVNENIVEAU_LET",
    "FUNKTIONSEVNENIVEAU_MODERAT",
    "FUNKTIONSEVNENIVEAU_SVAER",
    "FUNKTIONSEVNENIVEAU_FULDSTAENDIG",
    "FUNKTIONSEVNENIVEAU_IKKE_VURDERET",
    "STOETTEBEHOV_INTET",
    "STOETTEBEHOV_LET",
    "STOETTEBEHOV_MODERAT",
    "STOETTEBEHOV_HOEJT",
    "STOETTEBEHOV_FULDSTAENDIGT",
    "STOETTEBEHOV_IKKE_VURDERET",
    "ORDINALS",
    "MAALTYPE_FASTHOLDE",
    "MAALTYPE_UDVIKLE",
    "MAALTYPE_BEGRAENSE_TAB",
    "STATUS_FORTSAETTELSE",
    "STATUS_AFSLUTNING_OG_NY_VISITATION",
    "STATUS_AFSLUTNING",
    "SOCIALPAEDAGOGISK_STOETTE",
    "FOREBYGGENDE_HJAELP_OG_STOETTE",
    "MOBILT_TILBUD",
    "ALMEN_AELDRE_OG_HANDICAPVENLIG_BOLIG",
    "EVALUERING",
    "KILDE",
    "MAAL_FORMAAL",
    "KONTAKTAKTIVITET",
    "KONTAKTKLASSE",
    "LEVERINGSTYPE",
    "BEGRUNDELSE_FOR_INDSATSOPHOER",
    "BEGRUNDELSE_FOR_MANGLENDE_AKTIVITET",
    "OPLYSNINGSAKTIVITET",
    "PLANLAGT_INDSATSFORLOEB",
    "INDSATS_YDELSESANMODNING",
    "MAALFOKUS",
    "INDFORSTAAELSE_IFM_HENVENDELSE",
    "EVALUERING_FFB_STOETTEBEHOVSVURDERING",
    "EVALUERING_FFB_VURDERING_AF_BORGERS_SITUATION",
    "MAAL_FFB_BORGERS_MAAL_OG_OENSKER",
    "MAAL_FFB_INDSATSMAAL",
    "MAAL_FFB_DELMAAL",
    "OPLYSNINGSAKTIVITET_SOCIALFAGLIG_UDREDNING",
    "PLANLAGT_INDSATSFORLOEB_SOCIAL_INDSATS",
    "INDSATS_YDELSESANMODNING_SOCIAL_INDSATS",
    "MAALFOKUS_FUNKTIONSEVNENIVEAU",
    "MAALFOKUS_MAALTYPE",
    "INDFORSTAAET",
    "IKKE_INDFORSTAAET",
]
