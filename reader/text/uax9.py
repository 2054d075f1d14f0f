"""A fast resolver for UAX #9 levels (W1–I2, N0 included) of paragraphs without explicit
embeddings, overrides or isolates — the paragraphs news is made of.

Without explicit formatting characters a paragraph is one isolating run sequence at the
paragraph's embedding level, and every weak/neutral rule becomes a substitution over a string of
one-letter bidi classes, which `re` runs at C speed. `resolve` returns None for paragraphs it does
not handle (explicit formatting, paragraph separators inside); the caller falls back to the
python-bidi crate. Both are checked against BidiTest.txt and BidiCharacterTest.txt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from bidi.mirror import MIRRORED

from .bidi import bidi_class

# One letter per Bidi_Class. X: explicit formatting (not handled here), b: boundary neutral.
CODES = {
    "L": "L",
    "R": "R",
    "AL": "A",
    "EN": "N",
    "ES": "P",
    "ET": "T",
    "AN": "U",
    "CS": "C",
    "NSM": "M",
    "BN": "b",
    "B": "B",
    "S": "S",
    "WS": "W",
    "ON": "O",
    "LRE": "X",
    "RLE": "X",
    "LRO": "X",
    "RLO": "X",
    "PDF": "X",
    "LRI": "X",
    "RLI": "X",
    "FSI": "X",
    "PDI": "X",
}


class _ClassTable(dict[int, str]):
    """`str.translate` table from code point to class letter, filled on first sight of a char."""

    def __missing__(self, cp: int) -> str:
        code = CODES[bidi_class(chr(cp))]
        self[cp] = code
        return code


_CLASS_TABLE = _ClassTable()


def classes(text: str) -> str:
    """One class letter per character."""
    return text.translate(_CLASS_TABLE)


# --- brackets (BD14–BD16) -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _brackets() -> tuple[dict[str, str], frozenset[str]]:
    """Opening bracket -> its canonical closing partner; and the set of closing brackets."""
    openers: dict[str, str] = {}
    closers: set[str] = set()
    for char, mirror in MIRRORED.items():
        category = unicodedata.category(char)
        if category == "Ps" and unicodedata.category(mirror) == "Pe":
            openers[_canonical(char)] = _canonical(mirror)
        elif category == "Pe" and unicodedata.category(mirror) == "Ps":
            closers.add(_canonical(char))
    return openers, frozenset(closers)


def _canonical(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


_BRACKET_CANDIDATES = re.compile(
    r"[\(\)\[\]\{\}\u0f3a-\u0f3d\u169b\u169c\u2045\u2046\u207d\u207e"
    r"\u208d\u208e\u2308-\u230b\u2329\u232a\u2768-\u2775\u27c5\u27c6"
    r"\u27e6-\u27ef\u2983-\u2998\u29d8-\u29db\u29fc\u29fd\u2e22-\u2e29"
    r"\u2e55-\u2e5c\u3008-\u3011\u3014-\u301b\ufe59-\ufe5e\uff08\uff09"
    r"\uff3b\uff3d\uff5b\uff5d\uff5f\uff60\uff62\uff63]"
)


def _bracket_pairs(text: str, cls: bytearray) -> list[tuple[int, int]]:
    """BD16: matched bracket pairs among characters whose current class is ON (`cls[i + 1]`
    is the class of `text[i]`: index 0 is sos)."""
    openers, closers = _brackets()
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    on = ord("O")
    for match in _BRACKET_CANDIDATES.finditer(text):
        i = match.start()
        if cls[i + 1] != on:
            continue
        char = _canonical(text[i])
        if char in openers:
            if len(stack) == 63:
                break
            stack.append((openers[char], i))
        elif char in closers:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    pairs.sort()
    return pairs


_STRONG_DIR = {"L": "L", "R": "R", "N": "R", "U": "R"}
# The classes that count as strong in N0 (EN and AN count as R), per direction.
_STRONG_OF = {"L": (b"L",), "R": (b"R", b"N", b"U")}


def _contains(cls: bytearray, direction: str, start: int, end: int) -> bool:
    return any(cls.find(code, start, end) >= 0 for code in _STRONG_OF[direction])


def _last_strong(cls: bytearray, end: int, default: str) -> str:
    """The N0 direction of the last strong class before `end` (sos is at index 0)."""
    left = cls.rfind(b"L", 0, end)
    right = max(cls.rfind(code, 0, end) for code in _STRONG_OF["R"])
    if left < 0 and right < 0:
        return default
    return "L" if left > right else "R"


def _apply_n0(text: str, cls: bytearray, original: str, embedding: str) -> None:
    """N0 on the class string in place (index 0 is sos; text index i is class index i + 1).

    One byte per character and searches in place (no list of classes, no copies): a 30
    million character paragraph costs its 30 MB here, not gigabytes."""
    opposite = "R" if embedding == "L" else "L"
    end_of_text = len(cls) - 1
    mark = ord("M")
    for open_i, close_i in _bracket_pairs(text, cls):
        a, b = open_i + 1, close_i + 1
        if _contains(cls, embedding, a + 1, b):
            new = embedding
        elif _contains(cls, opposite, a + 1, b):
            before = _last_strong(cls, a, embedding)
            new = opposite if before == opposite else embedding
        else:
            continue
        code = ord(new)
        cls[a] = cls[b] = code
        for k in (a, b):  # NSMs originally after a changed bracket follow it
            j = k + 1
            while j < end_of_text and ord(original[j]) == mark:
                cls[j] = code
                j += 1


# --- the rules ----------------------------------------------------------------------------------

_BN_RUN = re.compile("b+")
_LEADING_NSM = re.compile(r"(.)(M+)")
_AL_STRETCH = re.compile(r"A[^LR]*")
_L_STRETCH = re.compile(r"L[^R]*")
_EN_SEP_EN = re.compile(r"(?<=N)[PC](?=N)")
_AN_CS_AN = re.compile(r"(?<=U)C(?=U)")
_ET_BEFORE_EN = re.compile(r"T+(?=N)")
_ET_AFTER_EN = re.compile(r"(?<=N)T+")
_NEUTRALS = re.compile(r"(?<=(.))O+(?=(.))")
_TO_ON = str.maketrans({"P": "O", "T": "O", "C": "O", "W": "O", "S": "O", "B": "O"})


def _n1(match: re.Match[str], embedding: str) -> str:
    before = _STRONG_DIR[match.group(1)]
    after = _STRONG_DIR[match.group(2)]
    return (before if before == after else embedding) * (match.end() - match.start())


#: Substitutions with a callback per match run on pieces of this many classes: `re.sub` keeps
#: every replacement until it joins them, millions of small strings for a 30 MB paragraph.
PIECE = 1 << 20
_NOT_NSM = re.compile("[^M]")
_NOT_NEUTRAL = re.compile("[^O]")


def _sub_in_pieces(
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    s: str,
    boundary: re.Pattern[str],
    context: int,
) -> str:
    """`pattern.sub(replace, s)` for a pattern whose matches never cross a character that
    `boundary` matches and whose replacements keep the length: `s` is cut before such a
    character (given to the piece before it too, as `context` characters of look-ahead)."""
    if len(s) <= PIECE:
        return pattern.sub(replace, s)
    out: list[str] = []
    start = 0
    while start < len(s):
        cut = boundary.search(s, start + PIECE) if start + PIECE < len(s) else None
        end = cut.start() if cut is not None else len(s)
        piece = pattern.sub(replace, s[start : end + context])
        out.append(piece[: end - start])
        start = end
    return "".join(out)


def resolve_classes(cls: str, para_level: int, text: str | None = None) -> bytes | None:
    """Levels for a class string (no X, no B inside); `text` is needed for bracket pairs (N0)."""
    if "X" in cls or "B" in cls[:-1]:
        return None
    bn_runs: list[tuple[int, int]] = []
    if "b" in cls:
        bn_runs = [match.span() for match in _BN_RUN.finditer(cls)]
        cls = cls.replace("b", "")
        if text is not None:
            kept: list[str] = []
            copied = 0
            for start, end in bn_runs:
                kept.append(text[copied:start])
                copied = end
            kept.append(text[copied:])
            text = "".join(kept)
    embedding = "R" if para_level & 1 else "L"
    s = embedding + cls + embedding  # sos and eos
    original = s
    # W1
    if "M" in s:
        s = _sub_in_pieces(
            _LEADING_NSM, lambda m: m.group(1) * (1 + len(m.group(2))), s, _NOT_NSM, 0
        )
    # W2, W3
    if "A" in s:
        if "N" in s:
            s = _AL_STRETCH.sub(lambda m: m.group().replace("N", "U"), s)
        s = s.replace("A", "R")
    # W4, W5, W6
    if "N" in s:
        s = _EN_SEP_EN.sub("N", s)
        if "T" in s:
            s = _ET_BEFORE_EN.sub(lambda m: "N" * len(m.group()), s)
            s = _ET_AFTER_EN.sub(lambda m: "N" * len(m.group()), s)
    if "U" in s:
        s = _AN_CS_AN.sub("U", s)
    s = s.translate(_TO_ON)
    # W7
    if "N" in s and "L" in s:
        s = _L_STRETCH.sub(lambda m: m.group().replace("N", "L"), s)
    # N0
    if text is not None and "O" in s and _BRACKET_CANDIDATES.search(text):
        chars = bytearray(s, "ascii")
        _apply_n0(text, chars, original, embedding)
        s = chars.decode("ascii")
    # N1, N2
    if "O" in s:
        s = _sub_in_pieces(_NEUTRALS, lambda m: _n1(m, embedding), s, _NOT_NEUTRAL, 1)
    # I1, I2 (sos and eos dropped)
    s = s[1:-1]
    if para_level & 1:
        table = {"R": para_level, "L": para_level + 1, "N": para_level + 1, "U": para_level + 1}
    else:
        table = {"L": para_level, "R": para_level + 1, "N": para_level + 2, "U": para_level + 2}
    levels = s.translate({ord(k): chr(v) for k, v in table.items()}).encode("latin-1")
    if bn_runs:
        levels = _insert_bn(levels, bn_runs, para_level)
    return levels


def _insert_bn(levels: bytes, runs: list[tuple[int, int]], para_level: int) -> bytes:
    """Removed boundary neutrals take the level of the character before them (X9).
    `runs`: the (start, end) of each run of them, in the paragraph's offsets."""
    out = bytearray()
    src = 0
    for start, end in runs:
        count = start - len(out)
        out += levels[src : src + count]
        src += count
        fill = out[-1] if out else (levels[0] if levels else para_level)
        out += bytes((fill,)) * (end - start)
    out += levels[src:]
    return bytes(out)


def resolve(text: str, para_level: int) -> bytes | None:
    """Resolved levels (before L1) of a paragraph, or None when the crate must do it."""
    if not text:
        return b""
    return resolve_classes(classes(text), para_level, text)
