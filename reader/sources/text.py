"""The plain-text scrape format: what "select all, copy" of a news page gives.

    title
    title                      (repeated identically: the repeat is dropped)
    18 ابريل 2021              (a date line)
    caption text (Getty)       (caption + parenthesised credit)
    + الخط -                   (the site's font-size control: dropped)
    paragraph, one per line    (blank lines optional)
    المساهمون                  (label, dropped; contributors follow, one per line)

Every line but the title may be absent; a file with a title and paragraphs is valid. Paragraphs
keep their raw text (the engine sanitizes at display) minus trailing whitespace.
"""

from __future__ import annotations

import re

from reader.i18n import N_
from reader.model import Article, ArticleError, Paragraph
from reader.sources.dates import looks_like_date, parse_date
from reader.sources.detect import article_direction, guess_language
from reader.text.sanitize import valid_text

#: A line longer than this is a paragraph, not a title (a 100,000-word one-line file).
MAX_TITLE = 300
#: How many lines after the title may hold the date, caption and residue.
_HEADER_LINES = 4
_RESIDUE = re.compile(r"^\+\s*الخط\s*-$")
_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\((?P<credit>[^()]{1,60})\)$")
_CONTRIBUTORS = re.compile(r"^(?:المساهمون|المساهمين|contributors)\s*:?\s*(?P<rest>.*)$", re.I)
_MAX_CAPTION_WORDS = 40
_MAX_CAPTION = 1000
_MAX_CONTRIBUTOR_WORDS = 8
_MAX_CONTRIBUTORS = 30


def _lines(text: str) -> list[str]:
    """Non-empty lines with trailing whitespace removed (a BOM or CR never survives)."""
    out = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line.strip():
            out.append(line)
    return out


def _split_names(text: str) -> list[str]:
    return [name for name in (n.strip() for n in re.split(r"\s*[،,؛;]\s*", text)) if name]


def _contributors(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Split off a trailing `المساهمون` block: (body lines, authors)."""
    start = max(0, len(lines) - _MAX_CONTRIBUTORS - 1)
    for index in range(len(lines) - 1, start - 1, -1):
        match = _CONTRIBUTORS.match(lines[index].strip())
        if match is None:
            continue
        after = lines[index + 1 :]
        if any(len(line.split()) > _MAX_CONTRIBUTOR_WORDS for line in after):
            return lines, ()
        names = _split_names(match.group("rest"))
        for line in after:
            names.extend(_split_names(line))
        return lines[:index], tuple(names)
    return lines, ()


def _is_caption_place(date_text: str, rest: list[str]) -> bool:
    """A credited line is a caption after the date line or before the residue line; elsewhere
    it may be a first paragraph ending in "(AFP)", which stays a paragraph."""
    return bool(date_text) or (len(rest) > 1 and bool(_RESIDUE.match(rest[1].strip())))


def parse_text(text: str, *, fallback_title: str = "") -> Article:
    """An article from the scrape format. Raises ArticleError for a file with no text at all."""
    lines = _lines(text.lstrip("\ufeff"))
    if not lines:
        raise ArticleError(N_("empty file (no text)"))
    warnings: list[str] = []
    title = lines[0].strip()
    rest = lines[1:]
    if len(title) > MAX_TITLE:
        warnings.append(
            f"first line has {len(title):,} characters, too long for a title; "
            "used the file name as the title"
        )
        title, rest = fallback_title or title[:80].rsplit(" ", 1)[0], lines
    elif rest and rest[0].strip() == title:
        rest = rest[1:]

    date_text = caption = credit = ""
    date = None
    header = 0
    while rest and header < _HEADER_LINES:
        line = rest[0].strip()
        if _RESIDUE.match(line):
            pass
        elif not date_text and ((date := parse_date(line)) is not None or looks_like_date(line)):
            date_text = line
            if date is None:
                warnings.append(f"date not understood, kept as written: {line}")
        elif (
            not caption
            and _is_caption_place(date_text, rest)
            and len(line) <= _MAX_CAPTION
            and (match := _CREDIT.match(line))
            and len(line.split()) <= _MAX_CAPTION_WORDS
        ):
            caption, credit = match.group("caption").strip(), match.group("credit").strip()
        else:
            break
        rest = rest[1:]
        header += 1

    rest, authors = _contributors(rest)
    paragraphs = tuple(Paragraph(line) for line in rest if not _RESIDUE.match(line.strip()))
    title = valid_text(title)  # the fallback is a file name, which may not be UTF-8
    texts = [title, *(p.text for p in paragraphs)]
    return Article(
        title=title,
        paragraphs=paragraphs,
        date=date,
        date_text=date_text,
        caption=caption,
        credit=credit,
        authors=authors,
        language=guess_language(texts),
        direction=article_direction(texts),
        format="text",
        warnings=tuple(warnings),
    )
