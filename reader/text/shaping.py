"""Arabic shaping with arabic-reshaper, configured once, plus an index map through it.

Configuration (issue #2): lam-alef ligatures on, every other ligature off — ALLAH (U+FDF2) included,
fonts draw it wider than a cell. Harakat are kept (default) or stripped. The reshaper gives no map
from its output to its input, so `shape` aligns the two: lam-alef merges two letters into one,
stripped harakat and ZWJ vanish, everything else is one letter in, one (presentation form) out.

Text that already holds presentation forms (pasted from PDFs: U+FB50-FDFF, U+FE70-FEFF) is shaped
as its letters would be: each form is replaced by its letters (its compatibility decomposition,
when that is letters and marks without a space) before shaping, and the map leads every shaped
character back to the form it came from. No input makes shaping fail: should the map ever come
out of step with the reshaper's output, a coarser map (still one offset per character, inside the
input) is used instead of failing.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.letters import LETTERS_ARABIC
from arabic_reshaper.reshaper_config import default_config

Harakat = Literal["keep", "strip"]

_LAM_ALEF = {
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
}

# The lam-alef presentation forms (isolated and final of the four ligatures).
_LIGATURE_CHARS = "\ufef5\ufef6\ufef7\ufef8\ufef9\ufefa\ufefb\ufefc"
_LIGATURE_RE = re.compile(f"[{_LIGATURE_CHARS}]")
_LAM = "\u0644"
_LIG_SET = frozenset(_LIGATURE_CHARS)
_ZWJ = "\u200d"
# The reshaper's harakat class (copied from arabic_reshaper.HARAKAT_RE, which is private).
_HARAKAT_CLASS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff"
)
_HARAKAT_RE = re.compile(f"[{_HARAKAT_CLASS}]")
# Characters that may move or vanish in the reshaper's output: the map needs the slow path.
_SLOW_RE = re.compile(f"[{_HARAKAT_CLASS}{_ZWJ}]")
# Anything the reshaper changes at all: Arabic-script letters and the joiners around them.
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Presentation forms already in the source.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _letters_of_forms() -> dict[str, str]:
    """Each presentation form whose compatibility decomposition is letters and marks (no space:
    the multi-word ligatures such as U+FDFA stay one character) -> those letters."""
    table: dict[str, str] = {}
    for first, last in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF)):
        for code in range(first, last + 1):
            char = chr(code)
            letters = unicodedata.normalize("NFKC", char)
            if letters != char and " " not in letters:
                table[char] = letters
    return table


_FORM_LETTERS = _letters_of_forms()


def _config(harakat: Harakat, ligatures: bool = True) -> dict[str, object]:
    config: dict[str, object] = {}
    for key, value in default_config.items():
        config[key] = value
        if key.startswith("ARABIC LIGATURE"):
            config[key] = ligatures and key in _LAM_ALEF
    config.update(
        language="Arabic",
        support_ligatures=ligatures,
        delete_harakat=harakat == "strip",
        shift_harakat_position=False,
        delete_tatweel=False,
        support_zwj=True,
        use_unshaped_instead_of_isolated=False,
    )
    return config


class _FrozenConfig(dict[str, object]):
    """The reshaper's settings read once: `reshape` asks configparser for five booleans on every
    call (a third of its time on a short paragraph); this answers from a dict."""

    def getboolean(self, key: str) -> bool:
        return bool(self[key.lower()])  # configparser keys are lower-case


class _Reshaper(ArabicReshaper):  # type: ignore[misc]  # the library has no types
    """arabic-reshaper's reshaper with its settings given as values. Its own constructor reads
    them through configparser (2.5 ms of start-up for 300 booleans we already have), and answers
    every `reshape` from there; `_FrozenConfig` answers from a dict."""

    def __init__(self, configuration: dict[str, object]) -> None:
        frozen = _FrozenConfig(
            {key.lower(): bool(value) for key, value in configuration.items() if key != "language"}
        )
        frozen["language"] = configuration["language"]
        self.configuration = frozen
        self.language = "Arabic"
        self.letters = LETTERS_ARABIC


@lru_cache(maxsize=4)
def reshaper(harakat: Harakat = "keep", ligatures: bool = True) -> ArabicReshaper:
    """The one reshaper per harakat mode (the environment's
    PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE cannot change our output: no file is read)."""
    return _Reshaper(_config(harakat, ligatures))


#: Longer texts are shaped in pieces cut after a space: a space ends every joining and every
#: ligature, so the pieces shape exactly as the whole would, and the reshaper's per-letter
#: bookkeeping (a tuple per letter) stays small for a 50 MB paragraph.
CHUNK = 1 << 16


#: Texts longer than this are shaped word by word, each distinct word once (see `_shape_words`).
BY_WORDS = 32
#: Words remembered per harakat mode; the memory is dropped and started again past this.
WORD_CACHE = 50_000
#: Longer "words" (a run of letters with no space) are shaped each time, not remembered.
LONGEST_CACHED = 64
_words: dict[Harakat, dict[str, tuple[str, array[int] | None]]] = {"keep": {}, "strip": {}}


def shape(text: str, harakat: Harakat = "keep") -> tuple[str, Sequence[int]]:
    """Shape `text`; return the shaped text and, per shaped character, its offset in `text`."""
    if not _ARABIC_RE.search(text):
        return text, range(len(text))
    if len(text) > BY_WORDS:
        return _shape_words(text, harakat)
    return _shape_text(text, harakat)


def _fallback_map(shaped: str, source_len: int, base: int = 0) -> array[int]:
    """A map that cannot fail: output position scaled onto the input (used only if an exact map
    came out of step)."""
    if not shaped or source_len <= 0:
        return array("i", [base] * len(shaped))
    return array("i", [base + i * source_len // len(shaped) for i in range(len(shaped))])


def _shape_text(text: str, harakat: Harakat) -> tuple[str, Sequence[int]]:
    if _PRESENTATION_RE.search(text):
        letters: list[str] = []
        origin = array("i")
        for index, char in enumerate(text):
            replacement = _FORM_LETTERS.get(char, char)
            letters.append(replacement)
            origin.extend([index] * len(replacement))
        decomposed = "".join(letters)
        if decomposed != text:
            shaped, mapping = _shape_letters(decomposed, harakat)
            return shaped, array("i", [origin[offset] for offset in mapping])
    return _shape_letters(text, harakat)


def _shape_letters(text: str, harakat: Harakat) -> tuple[str, Sequence[int]]:
    if _ZWJ in text:
        # arabic-reshaper 3.1.0 drops ZWJ from its output but looks for ligatures in its input,
        # so after a ZWJ it puts lam-alef on the wrong letters (or fails with IndexError). Shape
        # without ligatures and join lam-alef here, as the reshaper would.
        shaped = _join_lam_alef(reshaper(harakat, ligatures=False).reshape(text))
        return shaped, _align(text, shaped, harakat == "keep")
    shaped = reshaper(harakat).reshape(text)
    if not _SLOW_RE.search(text) and not _LIGATURE_RE.search(text):
        # (A lam-alef already in the source is one letter in, one out: the slow path's case.)
        return shaped, _ligature_map(shaped, len(text))
    return shaped, _align(text, shaped, harakat == "keep")


def _shaped_word(word: str, harakat: Harakat) -> tuple[str, array[int] | None]:
    """A word shaped, with its map; None for the map when it is the identity."""
    cache = _words[harakat]
    known = cache.get(word)
    if known is None:
        shaped, mapping = _shape_text(word, harakat) if _ARABIC_RE.search(word) else (word, None)
        if mapping is not None and (
            len(mapping) != len(word) or any(i != offset for i, offset in enumerate(mapping))
        ):
            known = (shaped, array("i", mapping))
        else:
            known = (shaped, None)
        if len(word) <= LONGEST_CACHED:
            if len(cache) >= WORD_CACHE:
                cache.clear()
            cache[word] = known
    return known


def _shape_words(text: str, harakat: Harakat) -> tuple[str, Sequence[int]]:
    """Shape a long text word by word: a space ends every joining and every ligature, so each
    word shapes exactly as it does inside the whole text, and news repeats its words — each
    distinct one goes through the reshaper's per-letter loop once, not every time it occurs.

    Long texts are cut into pieces after a space, so that a 50 MB paragraph is never split into
    millions of words at once.
    """
    parts: list[str] = []
    mapping: array[int] | None = None  # None while it is the identity
    start = 0
    while start < len(text):
        end = len(text)
        if end - start > CHUNK:
            cut = text.rfind(" ", start + 1, start + CHUNK)
            end = cut + 1 if cut > start else start + CHUNK
        piece = text[start:end]
        if _ZWJ in piece:
            # A ZWJ moves the harakat after it onto the next word: this piece is shaped whole.
            shaped_piece, piece_map = _shape_text(piece, harakat)
            if mapping is None:
                mapping = array("i", range(start))
            mapping.extend([start + offset for offset in piece_map])
            parts.append(shaped_piece)
            start = end
            continue
        words = piece.split(" ")
        if not _SLOW_RE.search(piece) and not _PRESENTATION_RE.search(piece):
            # Only lam-alef changes lengths here: the map comes from the ligatures alone.
            shaped_piece = " ".join([_shaped_word(word, harakat)[0] for word in words])
            if mapping is None and len(shaped_piece) != len(piece):
                mapping = array("i", range(start))
            if mapping is not None:
                mapping.extend(_ligature_map(shaped_piece, len(piece), start))
            parts.append(shaped_piece)
            start = end
            continue
        shaped_words: list[str] = []
        position = start
        for number, word in enumerate(words):
            shaped, word_map = _shaped_word(word, harakat)
            shaped_words.append(shaped)
            if word_map is not None and mapping is None:
                mapping = array("i", range(position))
            if mapping is not None:
                if word_map is None:
                    mapping.extend(range(position, position + len(word)))
                else:
                    mapping.extend([position + offset for offset in word_map])
                if number < len(words) - 1:
                    mapping.append(position + len(word))  # the space after the word
            position += len(word) + 1
        parts.append(" ".join(shaped_words))
        start = end
    shaped_text = "".join(parts)
    if mapping is None:
        return shaped_text, range(len(text))
    if len(mapping) != len(shaped_text):  # pragma: no cover - never seen; not worth a crash
        return shaped_text, _fallback_map(shaped_text, len(text))
    return shaped_text, mapping


# Lam (initial, medial) + marks + alef (final form of ا أ إ آ) -> the lam-alef ligature (isolated
# after an initial lam, final after a medial one), marks after it: the reshaper's own rule.
_LAM_ALEF_FORMS = {
    ("\ufedf", "\ufe8e"): "\ufefb",
    ("\ufee0", "\ufe8e"): "\ufefc",
    ("\ufedf", "\ufe84"): "\ufef7",
    ("\ufee0", "\ufe84"): "\ufef8",
    ("\ufedf", "\ufe88"): "\ufef9",
    ("\ufee0", "\ufe88"): "\ufefa",
    ("\ufedf", "\ufe82"): "\ufef5",
    ("\ufee0", "\ufe82"): "\ufef6",
}
_LAM_THEN_ALEF = re.compile(f"([\ufedf\ufee0])([{_HARAKAT_CLASS}]*)([\ufe8e\ufe84\ufe88\ufe82])")


def _join_lam_alef(shaped: str) -> str:
    return _LAM_THEN_ALEF.sub(
        lambda m: _LAM_ALEF_FORMS[(m.group(1), m.group(3))] + m.group(2), shaped
    )


def _ligature_map(shaped: str, source_len: int, base: int = 0) -> array[int]:
    """Fast map when the only change in length is lam-alef merging two letters into one
    (offsets from `base`)."""
    mapping = array("i")
    offset = base
    previous = 0
    for match in _LIGATURE_RE.finditer(shaped):
        k = match.start()
        mapping.extend(range(previous + offset, k + 1 + offset))
        offset += 1
        previous = k + 1
    mapping.extend(range(previous + offset, len(shaped) + offset))
    if len(mapping) != len(shaped) or (mapping and mapping[-1] >= source_len + base):
        return _fallback_map(shaped, source_len, base)  # pragma: no cover - never seen
    return mapping


def _align(source: str, shaped: str, keep_harakat: bool) -> array[int]:
    """The map for text with harakat or ZWJ, by replaying the reshaper's own bookkeeping.

    The reshaper keeps one output entry per letter (harakat aside), files each haraka under the
    entry before it, pops a ZWJ once the next letter is in (so later entries shift while the
    harakat already filed keep their positions), turns lam + alef into one entry and an empty
    one, and emits each entry followed by its harakat. Doing the same with source offsets in
    place of letters gives the exact offset of every character it emits.
    """
    entries: list[int] = []
    filed: dict[int, list[int]] = {}
    for index, char in enumerate(source):
        if _HARAKAT_RE.match(char):
            if keep_harakat:
                filed.setdefault(len(entries) - 1, []).append(index)
        else:
            entries.append(index)
        if len(entries) > 1 and source[entries[-2]] == _ZWJ:
            entries.pop(-2)
    if entries and source[entries[-1]] == _ZWJ:
        entries.pop()
    mapping = array("i", filed.get(-1, ()))
    merged = False
    for position, offset in enumerate(entries):
        if merged:
            merged = False  # the alef of a lam-alef: it emits nothing of its own
        else:
            merged = source[offset] == _LAM and shaped[len(mapping) : len(mapping) + 1] in _LIG_SET
            mapping.append(offset)
        mapping.extend(filed.get(position, ()))
    if len(mapping) != len(shaped):  # pragma: no cover - a reshaper that works differently
        return _fallback_map(shaped, len(source))
    return mapping
