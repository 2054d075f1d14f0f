"""Queries: which words they look for, and where those words are in a paragraph.

A query is a list of words (normalized, see `reader.search.normalize`); an article matches when
it contains every word (AND), each word in any of its attached-prefix forms. There are no phrase
queries: words are matched one by one. In *partial* mode (search-as-you-type) the last word also
matches words that begin with it, so ``الكاظ`` already finds ``الكاظمي``.

How the UI uses this::

    query = Query.parse(search_box_text, partial=True)
    if query:                                  # False when the box holds no word yet
        spans = find_spans(paragraph.text, query)   # [(start, end), ...] in the ORIGINAL text
    # each span covers a whole word (prefix and trailing harakat included); hand it to the text
    # engine's index map (DisplayLine.sources) to style the hit; n/N walk the list in order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reader.search.normalize import (
    MIN_STEM,
    PREFIXES,
    WORD_CHAR,
    WORD_END,
    WORD_REST,
    WORD_START,
    is_number,
    match_text,
    match_text_with_map,
    query_word,
    word_forms,
    words,
)

_ARTICLE = "ال"
_LAM_LAM_PREFIXES = "(?:[وف]?لل)"
_ANY_PREFIX = "(?:" + "|".join(PREFIXES) + ")"
#: One character of a word after its first (see `WORD_REST`).
_REST_CHAR = "(?:" + WORD_CHAR + "|(?<=\\d)[.,](?=\\d)|(?<=\\d)%)"


@dataclass(frozen=True, slots=True)
class Query:
    """The words a search looks for, normalized; `partial` makes the last one a word beginning."""

    words: tuple[str, ...]
    partial: bool = False

    @classmethod
    def parse(cls, text: str, *, partial: bool = False) -> Query:
        """The query typed as `text`. Punctuation separates words; duplicates are dropped; the
        attached prefixes before a word's article are dropped (`query_word`)."""
        normalized = match_text(text)
        found = tuple(dict.fromkeys(map(query_word, words(normalized))))
        # A trailing separator means the last word is complete even while typing.
        ends_in_word = bool(re.search("(?:" + WORD_CHAR + "|(?<=\\d)%)$", normalized))
        return cls(found, partial=partial and ends_in_word and bool(found))

    def __bool__(self) -> bool:
        return bool(self.words)

    def is_prefix(self, index: int) -> bool:
        """True when word `index` matches word beginnings (the last word in partial mode)."""
        return self.partial and index == len(self.words) - 1

    @property
    def pattern(self) -> re.Pattern[str]:
        """One regex that finds, in normalized text, every whole word any query word matches."""
        return _compile(self.words, self.partial)

    def matches_word(self, word: str) -> bool:
        """True when the normalized `word` is matched by some query word (the reference rule)."""
        forms = (word, *word_forms(word))
        for index, wanted in enumerate(self.words):
            if self.is_prefix(index):
                if any(f.startswith(wanted) for f in forms):
                    return True
            elif wanted in forms:
                return True
        return False


@functools.lru_cache(maxsize=256)
def _compile(query_words: tuple[str, ...], partial: bool) -> re.Pattern[str]:
    last = len(query_words) - 1
    alternatives = [_word_pattern(w, partial and i == last) for i, w in enumerate(query_words)]
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(WORD_START + "(?:" + "|".join(alternatives) + ")" + WORD_END)


def _word_pattern(word: str, prefix_match: bool) -> str:
    """A regex for the normalized words that `word` matches (see `word_forms` for the rule).

    A text word T matches when T == word, or T == P + rest where P is an attached prefix, rest
    has at least MIN_STEM characters and rest == word (or, for لل prefixes, "ال" + rest == word).
    In prefix mode "== word" becomes "starts with word". A number also matches itself with a
    unit, era letter or percent sign glued to it (``1441`` matches ``1441ه``).
    """
    number = not prefix_match and is_number(word)
    glued = "(?:%|[^\\W\\d_])"  # what may follow a number inside a word: a unit, "%"
    if prefix_match:
        tail = WORD_REST
    elif number:
        tail = "(?:" + glued + WORD_REST + ")?"
    else:
        tail = ""

    def stem(literal: str) -> str:
        """`literal` (+ tail) as a stem of at least MIN_STEM characters."""
        missing = MIN_STEM - len(literal)
        if missing <= 0:
            return re.escape(literal) + tail
        if number and literal:  # a short number, with enough glued after it
            more = _REST_CHAR + "{" + str(missing - 1) + "}" if missing > 1 else ""
            return re.escape(literal) + glued + more + WORD_REST
        if not prefix_match:
            return "(?!)"
        return re.escape(literal) + _REST_CHAR + "{" + str(missing) + "}" + WORD_REST

    options = [re.escape(word) + tail, _ANY_PREFIX + stem(word)]
    if word.startswith(_ARTICLE):
        options.append(_LAM_LAM_PREFIXES + stem(word[len(_ARTICLE) :]))
    elif prefix_match and _ARTICLE.startswith(word):
        # "ا" typed so far: "ال" + rest begins with it for every لل word.
        options.append(_LAM_LAM_PREFIXES + stem(""))
    return "(?:" + "|".join(options) + ")"


def find_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Every matched word of `text` as a (start, end) span of the ORIGINAL `text`, in order."""
    if not query or not text:
        return []
    normalized = match_text_with_map(text)
    return [normalized.to_original(*m.span()) for m in query.pattern.finditer(normalized.text)]
