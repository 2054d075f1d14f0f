"""Direction and language of an article, guessed cheaply from its letters.

The direction is the paragraphs' majority base direction (first strong letter, UAX #9 P2-P3); the
language is a script-level guess good enough to pick fonts of behaviour (ar, fa, ur, he, en) and
is always overridden by a language the file states.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from reader.model import Direction

_SAMPLE = 4000  # characters looked at for the language guess

_URDU = re.compile("[\u06d2\u0679\u0688\u0691\u06ba\u06be\u06c1]")  # ے ٹ ڈ ڑ ں ھ ہ
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=4096)
def _strong(char: str) -> Direction | None:
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "rtl"
    if kind == "L":
        return "ltr"
    return None


def first_strong(text: str) -> Direction | None:
    """The direction of the first strong letter, or None when the text has none."""
    for char in text:
        if char < "A":
            continue  # digits, punctuation, spaces: never strong
        direction = _strong(char)
        if direction is not None:
            return direction
    return None


def article_direction(texts: Iterable[str], default: Direction = "rtl") -> Direction:
    """The majority base direction of the first paragraphs; ties and no letters give `default`."""
    rtl = ltr = 0
    for count, text in enumerate(texts):
        if count >= 40:
            break
        direction = first_strong(text[:400])
        if direction == "rtl":
            rtl += 1
        elif direction == "ltr":
            ltr += 1
    if rtl == ltr:
        return default
    return "rtl" if rtl > ltr else "ltr"


def guess_language(texts: Iterable[str]) -> str:
    """One of ar, fa, ur, he, en from the letters of the first few thousand characters, or ""."""
    parts: list[str] = []
    size = 0
    for text in texts:
        parts.append(text[: _SAMPLE - size])
        size += len(parts[-1])
        if size >= _SAMPLE:
            break
    sample = " ".join(parts)
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    hebrew = len(_HEBREW.findall(sample))
    latin = len(_LATIN.findall(sample))
    if max(arabic, hebrew, latin) == 0:
        return ""
    if hebrew > arabic and hebrew >= latin:
        return "he"
    if arabic >= latin:
        if len(_URDU.findall(sample)) > arabic * 0.01:
            return "ur"
        if len(_PERSIAN.findall(sample)) > arabic * 0.02:
            return "fa"
        return "ar"
    return "en"
