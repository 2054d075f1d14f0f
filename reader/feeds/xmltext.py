"""A feed's bytes to the text its parsers read: decoded, its DOCTYPE and its XML declaration
removed, and author-like elements that are too long emptied (`feed_text`).

Decoding: a byte-order mark, the XML declaration, the HTTP charset, UTF-8, then the reader's own
detection (which knows Windows-1256 and ISO-8859-6 Arabic feeds that declare nothing). Without its
DOCTYPE, entity declarations are never read: neither an entity-expansion bomb nor an external
entity naming a local file can do anything (their references stay as text). Every step is one
pass over the text.
"""

from __future__ import annotations

import codecs
import re

from reader.model import ArticleError

DECLARATION = re.compile(r"""\A\s*<\?xml[^>]{0,400}?\?>""")
_DECLARED = re.compile(
    rb"""\A\s*<\?xml[^>]{0,400}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")]
_BOMS += [(codecs.BOM_UTF16_BE, "utf-16-be")]


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_feed(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of a feed and the encoding read: a byte-order mark, else the encoding the XML
    declaration or the HTTP charset names, when the bytes decode under it; else UTF-8; else the
    reader's detection (Windows-1256 and ISO-8859-6 Arabic feeds that declare nothing)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    declared = _DECLARED.match(data[:512])
    charset = _CHARSET.search(content_type or "")
    names = [declared.group(1).decode("ascii")] if declared else []
    names += [charset.group(1)] if charset else []
    for name in [*names, "utf-8"]:
        codec = _codec(name)
        if codec is None or codec.startswith(("utf-16", "utf-32")):
            continue  # without a byte-order mark, a UTF-16 declaration is not to be trusted
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    from reader.sources.decode import decode

    try:
        found = decode(data)
    except ArticleError:
        return data.decode("utf-8", errors="replace"), "utf-8"
    return found.text, found.encoding


def without_doctype(text: str) -> tuple[str, bool]:
    """`text` without its DOCTYPE declaration (internal subset included), in one pass; and
    whether the subset declared anything (entities whose references are left unread)."""
    first = text.find("<!DOCTYPE", 0, 4096)
    if first < 0:
        first = text.upper().find("<!DOCTYPE", 0, 4096)
    if first < 0:
        return text, False
    quote, subset, declared = "", False, False
    index, size = first + 9, len(text)
    while index < size:
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            subset = True
        elif char == "]":
            subset = False
        elif char == "<" and subset:
            declared = True
        elif char == ">" and not subset:
            return text[:first] + text[index + 1 :], declared
        index += 1
    return text[:first], declared  # never closed: nothing after it is a feed


#: Characters an author-like element may hold (a name and an address); a longer one is emptied.
MAX_AUTHOR = 1_000
# The elements feedparser searches for an e-mail address with a regular expression that takes
# quadratic time on a long word (40,000 letters: 10 s; a 10 MB feed: days).
_AUTHOR_TAG = re.compile(
    r"<((?:[A-Za-z_][\w.-]{0,40}:)?"
    r"(?:author|creator|managingEditor|webMaster|publisher|contributor))(?:\s[^<>]*)?(?<!/)>"
)


def without_long_authors(text: str) -> str:
    """`text` with every author-like element longer than `MAX_AUTHOR` emptied, in one pass
    (an unclosed one ends the document: nothing after it is well formed)."""
    parts: list[str] = []
    done = 0
    for found in _AUTHOR_TAG.finditer(text):
        if found.start() < done:
            continue  # (inside an element already emptied)
        end = text.find(f"</{found.group(1)}", found.end())
        if end < 0:
            if len(text) - found.end() > MAX_AUTHOR:
                parts.append(text[done : found.end()])
                return "".join(parts)
            break
        if end - found.end() > MAX_AUTHOR:
            parts.append(text[done : found.end()])
            done = end
    parts.append(text[done:])
    return "".join(parts)
