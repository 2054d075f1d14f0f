"""Arabic-aware normalization for matching: what counts as "the same letter" and "the same word".

Searching Arabic text needs more than case folding: writers differ in hamza seats, final yeh and
teh marbuta, vowel marks and tatweel, and the digits they use; FTS5's ``unicode61`` tokenizer
knows none of this (it even splits words at harakat). So text is normalized *before* it reaches the
index, and queries go through the same function. Rules (each has a unit test):

- alef forms ``أ إ آ ٱ`` (and the rare wavy-hamza alefs) → ``ا``
- alef maksura ``ى`` → ``ي``; teh marbuta ``ة`` → ``ه``
- hamza on a waw or yeh seat and bare hamza ``ؤ ئ ء`` → ``ا``, like the hamza on an alef: writers
  disagree on the seat (``مسئول``/``مسؤول``, ``هيئة``/``هيأة``, ``شئون``/``شؤون``), so the seat
  never decides a match
- Persian and Urdu letter forms fold to their Arabic twins, so a Persian spelling finds an Arabic
  one and back: keheh ``ک`` → ``ك``, Farsi yeh ``ی`` and Urdu yeh barree ``ے ۓ`` → ``ي``,
  ``ۀ ہ ۃ ھ`` → ``ه``
- tashkeel (harakat, shadda, sukun, dagger alef), Quranic marks, Hebrew points and tatweel are
  removed, as is every other combining mark (a Latin accent written as a separate mark, Indic
  vowel signs): marks never decide a match
- invisible format characters (ZWNJ, bidi controls, soft hyphen) are removed: a ZWNJ inside a
  Persian word joins its halves, as writers who omit it do; a zero-width space becomes a space
- Arabic-Indic ``٠-٩`` and Persian ``۰-۹`` digits → ASCII ``0-9``; the Arabic decimal and
  thousands separators and percent sign ``٫ ٬ ٪`` → ``. , %``
- Arabic presentation forms (pre-shaped text from old scrapes) and full-width Latin → base letters
- everything is case-folded (``str.casefold``), which makes Latin (and Greek, Cyrillic)
  case-insensitive and leaves Arabic alone

Words are runs of letters and digits (after normalization no marks are left); everything else
separates them, except that a number keeps its decimal or thousands separator (``5.4``, ``1,000``:
a separator between two digits) and a percent sign after it (``5.4%``) — so ``5.4`` is one word,
not ``5`` and ``4``. A word of a query matches a word of the text that equals it or is it with
common attached prefixes (see `word_forms`): ``قال`` matches ``وقال``, ``الكاظمي`` matches
``والكاظمي`` and ``للكاظمي``; a number glued to a unit or era letter or a percent sign is also
found by the number alone (``1441`` matches ``١٤٤١هـ``, ``2021`` matches ``2021م``, ``5.4`` matches
``5.4%``). A query word loses the attached prefixes before its article (`query_word`): ``والعنب``
looks for ``العنب``.

Normalization deletes characters (marks) and, rarely, expands one into several (``ß`` → ``ss``,
``ﻻ`` → ``لا``), so `normalize_with_map` keeps, for each normalized character, the offset of the
character it came from; `Normalized.to_original` turns a match back into a span of the original
text — the span the UI hands to the text engine's index map.

How the UI uses this: it does not call this module directly; `reader.search.find_spans` (built on
it) returns hit spans in the original paragraph text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from reader.text.sanitize import sanitize_with_map, strip_escapes

_ALEF = "\u0627"
_YEH = "\u064a"
_HEH = "\u0647"
_KAF = "\u0643"


def _ranges(*pairs: tuple[int, int]) -> list[int]:
    return [c for first, last in pairs for c in range(first, last + 1)]


# Marks that carry vowels or recitation hints, never the identity of a word.
_DELETED_MARKS = _ranges(
    (0x0591, 0x05BD),  # Hebrew cantillation and points
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),  # Arabic honorific and Quranic marks
    (0x064B, 0x065F),  # tashkeel: fathatan … sukun, and later additions
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x06D6, 0x06DC),  # Quranic annotation signs
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08FF),  # Arabic Extended-A marks
    (0x0640, 0x0640),  # tatweel (kashida)
)

_SUBSTITUTIONS: dict[int, str] = {
    **dict.fromkeys((0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673), _ALEF),
    0x0649: _YEH,  # alef maksura
    0x06CC: _YEH,  # Farsi yeh
    0x0629: _HEH,  # teh marbuta
    0x0621: _ALEF,  # hamza (bare)
    0x0624: _ALEF,  # waw with hamza above
    0x0626: _ALEF,  # yeh with hamza above
    0x0675: _ALEF,  # high hamza alef
    0x06D2: _YEH,  # yeh barree (Urdu)
    0x06D3: _YEH,  # yeh barree with hamza above
    0x06BE: _HEH,  # heh doachashmee (Urdu)
    0x066A: "%",  # Arabic percent sign
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0x06C0: _HEH,  # heh with yeh above (Persian ezafe)
    0x06C1: _HEH,  # heh goal (Urdu)
    0x06C3: _HEH,  # teh marbuta goal (Urdu)
    0x06A9: _KAF,  # keheh (Persian kaf)
    0x06AA: _KAF,  # swash kaf
    0x200B: " ",  # zero-width space: a word break
    **{0x0660 + d: str(d) for d in range(10)},  # Arabic-Indic digits
    **{0x06F0 + d: str(d) for d in range(10)},  # Persian (Extended Arabic-Indic) digits
}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x10000):
        category = unicodedata.category(chr(code))
        if category == "Cf" or category[0] == "M":
            table[code] = None
    table.update(dict.fromkeys(_DELETED_MARKS))
    table.update(_SUBSTITUTIONS)
    base = dict(table)
    # Presentation forms and full-width letters: their compatibility decomposition, normalized.
    for first, last in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE), (0xFF01, 0xFFEE)):
        for code in range(first, last + 1):
            char = chr(code)
            folded = unicodedata.normalize("NFKC", char)
            if folded != char:
                table[code] = folded.translate(base)
    # Astral format characters (tags, musical formatting) are deleted by `_is_dropped_astral`.
    return table


_TABLE = _build_table()

# Characters whose normalized form is not exactly one character: they force the slow, mapped path.
_RESIZING = frozenset(
    chr(code) for code in range(0x10000) if len(chr(code).casefold().translate(_TABLE)) != 1
)


def _char_class(chars: frozenset[str]) -> str:
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return "[" + "".join(parts) + "]"


_RESIZING_RE = re.compile(_char_class(_RESIZING) + "|[\U00010000-\U0010ffff]")

#: A character that belongs to a word of normalized text: a letter or a digit (never "_").
WORD_CHAR = "[^\\W_]"
#: What may follow inside a word, once it has begun: a letter or a digit, a separator between two
#: digits (``5.4``, ``1,000``) or a percent sign after a digit.
WORD_REST = "(?:" + WORD_CHAR + "|(?<=\\d)[.,](?=\\d)|(?<=\\d)%)*"
#: Where no word goes on: `WORD_CHAR + WORD_REST` matched up to here is a whole word.
WORD_END = "(?!" + WORD_CHAR + "|(?<=\\d)[.,]\\d|(?<=\\d)%)"
#: Where no word is under way: a word may begin here.
WORD_START = "(?<!" + WORD_CHAR + ")(?<!\\d%)(?!(?<=\\d[.,])\\d)"
_WORD_RE = re.compile(WORD_CHAR + "+(?:(?<=\\d)(?:[.,](?=\\d)|%)" + WORD_CHAR + "*)*")
#: The number a word begins with (digits, with separators between digits).
NUMBER = "\\d+(?:[.,]\\d+)*"
_NUMBER_RE = re.compile(NUMBER)


#: From this length on, `normalize` translates through a list indexed by code point (built once,
#: when first needed): a dict misses on nearly every character and costs 2.5 times as much.
_LONG_TEXT = 1 << 16
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _table_list() -> list[int | str | None]:
    return [_TABLE.get(code, code) for code in range(0x10000)]


def normalize(text: str) -> str:
    """The matching form of `text` (see the module docstring for the rules)."""
    folded = text.casefold()
    folded = folded.translate(_table_list() if len(folded) >= _LONG_TEXT else _TABLE)
    if folded.isascii() or not _ASTRAL.search(folded):
        return folded
    return "".join(_normalize_char(c) for c in text)


def _normalize_char(char: str) -> str:
    """One character's normalized form; astral format characters are deleted."""
    if char >= "\U00010000" and unicodedata.category(char) == "Cf":
        return ""
    return char.casefold().translate(_TABLE)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, for each of its characters, the offset of its source character."""

    text: str
    origin: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` came from.

        Deleted characters (harakat, tatweel, format characters) that follow the last matched
        letter belong to it and are included, so a highlight covers the whole vowelled word.
        """
        if not self.text or start >= end:
            offset = self.origin[start] if start < len(self.text) else self.original_length
            return offset, offset
        first = self.origin[start]
        last = self.origin[end - 1]
        if end < len(self.text):
            following = self.origin[end]
            stop = following if following > last else last + 1
        else:
            stop = self.original_length
        return first, stop


def normalize_with_map(text: str) -> Normalized:
    """`normalize(text)` with an offset map back into `text`."""
    if text.isascii() or not _RESIZING_RE.search(text):
        # Every character normalizes to exactly one: the map is the identity.
        return Normalized(text.casefold().translate(_TABLE), tuple(range(len(text))), len(text))
    # Runs between resizing characters map one to one; only the resizing ones are mapped singly.
    out: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _RESIZING_RE.finditer(text):
        index = match.start()
        if index > position:
            out.append(text[position:index].casefold().translate(_TABLE))
            origin.extend(range(position, index))
        piece = _normalize_char(text[index])
        out.append(piece)
        origin.extend([index] * len(piece))
        position = index + 1
    out.append(text[position:].casefold().translate(_TABLE))
    origin.extend(range(position, len(text)))
    return Normalized("".join(out), tuple(origin), len(text))


def match_text(text: str) -> str:
    """The matching form of untrusted article text: escape sequences and controls removed first.

    Without this, the payload of ``ESC[31m`` would glue "31m" onto the next word; the screen
    never shows it, so neither does search.
    """
    return normalize(strip_escapes(text))


def match_text_with_map(text: str) -> Normalized:
    """`match_text` with an offset map into the raw `text` (through the engine's sanitizer)."""
    cleaned, cleaned_origin = sanitize_with_map(text)
    mapped = normalize_with_map(cleaned)
    origin = tuple(cleaned_origin[o] for o in mapped.origin)
    return Normalized(mapped.text, origin, len(text))


def words(normalized: str) -> list[str]:
    """The words of already normalized text, in order."""
    return _WORD_RE.findall(normalized)


def iter_words(normalized: str) -> list[tuple[int, int]]:
    """The spans of the words of already normalized text."""
    return [m.span() for m in _WORD_RE.finditer(normalized)]


#: Attached prefixes, normalized: conjunction (و ف), then preposition (ب ل), then the article
#: (ال); ل + ال is written لل. Longest first.
PREFIXES: tuple[str, ...] = (
    "وبال",
    "فبال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "لل",
    "وب",
    "ول",
    "فب",
    "فل",
    "ال",
    "و",
    "ف",
    "ب",
    "ل",
)

#: The shortest word left once a prefix is removed: shorter leftovers (بل → ل) are not words.
MIN_STEM = 2

_ARTICLE = "ال"
_LAM_LAM = "لل"
_PREFIX_STARTS = frozenset(p[0] for p in PREFIXES)
_PREFIX_SET = frozenset(PREFIXES)
_PREFIX_LENGTHS = tuple(sorted({len(p) for p in PREFIXES}, reverse=True))


def word_forms(word: str) -> tuple[str, ...]:
    """The other words a normalized `word` is found by: itself without each attached prefix, and
    the number it begins with when a unit, era letter or percent sign is glued to it.

    ``وقال`` → ``قال``; ``والكاظمي`` → ``الكاظمي``, ``كاظمي``; ``للكاظمي`` (ل + الكاظمي) →
    ``الكاظمي``, ``كاظمي``; ``1441ه`` → ``1441``; ``و5.4%`` → ``5.4%``, ``5.4``. A query word
    matches a text word when it equals the word or one of these forms. Stripping is purely by
    spelling, so ``وزير`` is also found by ``زير``: a query for a rare short word may find a
    longer word that begins with و ف ب ل — the usual price of light stemming, and no common word
    is lost.
    """
    forms = _prefix_forms(word)
    if not any(f[:1].isdigit() for f in (word, *forms)):
        return forms
    numbers: list[str] = []
    for form in (word, *forms):
        lead = _NUMBER_RE.match(form)
        if lead is not None and lead.end() < len(form):
            numbers.append(lead.group())
    return tuple(dict.fromkeys(f for f in (*forms, *numbers) if f != word))


def is_number(word: str) -> bool:
    """True when the normalized `word` is a number alone (``1441``, ``5.4``), no letter glued."""
    return _NUMBER_RE.fullmatch(word) is not None


_ARTICLE_AFTER_PREFIX = re.compile("(?:[وف]?بال|[وف]ال|[وف]?لل)")


def query_word(word: str) -> str:
    """The normalized query `word` without the attached prefixes before its article.

    ``والعنب``, ``بالعنب``, ``للعنب`` → ``العنب``, which every one of them (and ``العنب`` itself)
    has as a form; a conjunction or preposition alone is kept (``وزير`` is not ``زير``, ``ولد``
    not ``لد``), as is a word whose rest would be shorter than `MIN_STEM`.
    """
    found = _ARTICLE_AFTER_PREFIX.match(word)
    if found is None or len(word) - found.end() < MIN_STEM:
        return word
    return _ARTICLE + word[found.end() :]


def _prefix_forms(word: str) -> tuple[str, ...]:
    """`word` without each attached prefix (see `word_forms`)."""
    if word[:1] not in _PREFIX_STARTS:
        return ()
    forms: list[str] = []
    for length in _PREFIX_LENGTHS:  # longest first, as PREFIXES
        if word[:length] in _PREFIX_SET and len(word) - length >= MIN_STEM:
            rest = word[length:]
            forms.append(rest)
            if word[:length].endswith(_LAM_LAM):
                forms.append(_ARTICLE + rest)
    return tuple(dict.fromkeys(f for f in forms if f != word))
