"""CPR at rest: MultiFernet encryption plus an HMAC-SHA256 blind index for exact lookup.

Keys come from the environment (FIELD_ENCRYPTION_KEYS, CPR_INDEX_KEY), never from SECRET_KEY.
The first encryption key encrypts; every listed key decrypts, so keys can be rotated:
prepend a new key, run `manage.py rotate_cpr_keys`, then remove the old key.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumValidationError


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def cpr_normalise(value: str) -> str:
    """'010190-1234', ' 0101901234 ' → '0101901234'. Raises a Danish ValidationError."""
    raw = (value or "").strip()
    digits = stdnum_cpr.compact(raw)
    if not digits:
        raise ValidationError(_("Skriv CPR-nummeret."), code="cpr_mangler")
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            _("Et CPR-nummer har 10 cifre, fx 010190-1234."), code="cpr_format"
        )
    try:
        stdnum_cpr.get_birth_date(digits)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("CPR-nummeret indeholder ikke en gyldig fødselsdato (de første 6 cifre er DDMMÅÅ)."),
            code="cpr_dato",
        ) from exc
    # No modulus-11 check: it was dropped in 2007 and valid numbers fail it.
    return digits


def cpr_birth_date(cpr: str) -> date:
    return stdnum_cpr.get_birth_date(cpr)


def cpr_is_male(cpr: str) -> bool:
    return int(cpr[-1]) % 2 == 1


def cpr_encrypt(cpr: str) -> str:
    return fernet().encrypt(cpr.encode()).decode()


def cpr_decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key was removed before rotation finished
        raise RuntimeError("CPR kunne ikke dekrypteres med de konfigurerede nøgler.") from exc


def cpr_rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


def cpr_blind_index(cpr: str) -> str:
    return hmac.new(settings.CPR_INDEX_KEY.encode(), cpr.encode(), hashlib.sha256).hexdigest()


def cpr_masked(cpr: str) -> str:
    """Shown in the UI where the full number is not needed: 010190-xxxx."""
    return f"{cpr[:6]}-xxxx"
