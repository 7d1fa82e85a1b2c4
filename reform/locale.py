"""Vietnamese/English text normalization, formatting and collation helpers.

Pure standard-library module: no Streamlit or pandas imports.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

__all__ = [
    "fold",
    "format_date",
    "format_number",
    "format_percent",
    "nfc",
    "sort_vietnamese",
    "vietnamese_sort_key",
]

EMPTY_VALUE = "\u2013"  # en dash shown for missing numbers

# Combining marks that turn a Latin base letter into a distinct Vietnamese letter.
_BREVE = "\u0306"
_CIRCUMFLEX = "\u0302"
_HORN = "\u031b"

# Tone marks in traditional order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_WEIGHTS = {
    "\u0300": 1,  # grave (huyền)
    "\u0309": 2,  # hook above (hỏi)
    "\u0303": 3,  # tilde (ngã)
    "\u0301": 4,  # acute (sắc)
    "\u0323": 5,  # dot below (nặng)
}

# Vietnamese alphabet with f, j, w, z at their Latin positions.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
    "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# (base letter, modifier mark) -> Vietnamese letter.
_MODIFIED_LETTERS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}

# Primary weight classes: whitespace < punctuation/symbols < digits < letters.
_CLASS_SPACE = 0
_CLASS_OTHER = 1
_CLASS_DIGIT = 2
_CLASS_LETTER = 3
_CLASS_FOREIGN_LETTER = 4


def nfc(text: str) -> str:
    """Return text in Unicode Normalization Form C (as required by TCVN 6909:2001)."""
    return unicodedata.normalize("NFC", text)


def _collapse_whitespace(text: str) -> str:
    """Collapse whitespace runs (incl. non-breaking spaces) to one space; strip."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Return a matching key: no diacritics (đ→d), casefolded, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    return nfc(_collapse_whitespace(stripped.casefold()))


def _is_missing(value: object) -> bool:
    """Return True for None and NaN-like values (anything unequal to itself)."""
    if value is None:
        return True
    try:
        # NaN and pandas.NaT are the only values unequal to themselves.
        return bool(value != value)  # noqa: PLR0124
    except (TypeError, ValueError):
        return False


def _normalize_lang(lang: str) -> str:
    """Map a language tag such as "vi", "VI" or "en-US" to "vi" or "en"."""
    primary = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if primary not in ("vi", "en"):
        raise ValueError(f"Unsupported language: {lang!r} (expected 'vi' or 'en')")
    return primary


def format_number(value: float | None, lang: str = "vi", decimals: int = 0) -> str:
    """Format a number (vi "1.234,5", en "1,234.5"); None/NaN gives "–"."""
    code = _normalize_lang(lang)
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    if _is_missing(value):
        return EMPTY_VALUE
    if isinstance(value, int):
        # Decimal keeps large integers exact (float formatting would lose digits).
        text = format(Decimal(value), f",.{decimals}f")
    else:
        text = format(value, f",.{decimals}f")
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # avoid "-0" / "-0,0" after rounding
    if code == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_percent(share: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """Format a 0–1 share as a percentage (vi "87,3%", en "87.3%"); missing → "–"."""
    if _is_missing(share):
        _normalize_lang(lang)
        return EMPTY_VALUE
    return format_number(share * 100, lang, decimals) + "%"


def format_date(value: datetime.date | datetime.datetime | None, lang: str = "vi") -> str:
    """Format as dd/mm/yyyy (plus " HH:MM" for datetimes); missing gives ""."""
    _normalize_lang(lang)
    if _is_missing(value):
        return ""
    if isinstance(value, datetime.datetime):
        return (
            f"{value.day:02d}/{value.month:02d}/{value.year:04d} "
            f"{value.hour:02d}:{value.minute:02d}"
        )
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    raise TypeError(f"Expected date or datetime, got {type(value).__name__}")


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (base character, combining marks) clusters."""
    clusters: list[tuple[str, str]] = []
    for ch in text:
        if unicodedata.combining(ch) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + ch)
        else:
            clusters.append((ch, ""))
    return clusters


def vietnamese_sort_key(text: str) -> tuple:
    """Return a key sorting like a Vietnamese dictionary: letters, tones, case."""
    normalized = nfc(text)
    decomposed = unicodedata.normalize("NFD", _collapse_whitespace(normalized))

    primary: list[tuple[int, int]] = []
    tones: list[tuple[int, ...]] = []  # one entry per word (run of letters)
    current_word: list[int] | None = None
    tertiary: list[int] = []
    extra_marks: list[str] = []

    for base, marks in _clusters(decomposed):
        lower = base.lower()
        unused = ""
        if base.isalpha():
            letter = lower
            for mark in marks:
                modified = _MODIFIED_LETTERS.get((letter, mark))
                if modified is not None:
                    letter = modified
                elif mark not in _TONE_WEIGHTS:
                    unused += mark
            if letter in _LETTER_RANK:
                primary.append((_CLASS_LETTER, _LETTER_RANK[letter]))
            else:
                primary.append((_CLASS_FOREIGN_LETTER, ord(base.casefold()[0])))
            if current_word is None:
                current_word = []
            current_word.extend(_TONE_WEIGHTS[m] for m in marks if m in _TONE_WEIGHTS)
            tertiary.append(1 if base.isupper() else 0)
        else:
            if current_word is not None:
                tones.append(tuple(current_word))
                current_word = None
            if base.isspace():
                primary.append((_CLASS_SPACE, 0))
            elif base.isdigit():
                primary.append((_CLASS_DIGIT, ord(base)))
            else:
                primary.append((_CLASS_OTHER, ord(base)))
            tertiary.append(0)
            unused = marks
        extra_marks.append(unused)

    if current_word is not None:
        tones.append(tuple(current_word))

    return (
        tuple(primary),
        tuple(tones),
        tuple(tertiary),
        tuple(extra_marks),
        normalized,
    )


def sort_vietnamese(items: Iterable[str]) -> list[str]:
    """Return items sorted in Vietnamese dictionary order."""
    return sorted(items, key=vietnamese_sort_key)
