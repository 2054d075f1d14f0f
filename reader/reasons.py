"""The failure reasons and warnings that carry values, as templates the interface translates.

The sources, the feeds and the store say why something failed in English, and keep it that way:
a reason is cached in the state database with the headline it belongs to, printed by `--json`,
and compared by tests. Constant reasons are message ids themselves (marked `N_` where they are
written). A reason built with values ("invalid JSON: …", "binary file (a PNG image), not an
article") is translated where it is shown: `Translator.reason` matches it against these
templates, translates the template and puts the values back (each value translated too when it
is a message id itself, such as "a PNG image", and digits in the interface's own).

Each template here is the exact text of an f-string elsewhere, with its fields named; a changed
f-string falls back to English (tests/i18n/test_reasons.py reads real failures through them).
"""

from __future__ import annotations

import re
from functools import lru_cache


def N_(message: str) -> str:  # `reader.i18n.N_`, here so that i18n may import this module
    return message


TEMPLATES: tuple[str, ...] = (
    # reader/sources
    N_("invalid JSON: {detail}"),
    N_("expected an article object, found {kind}"),
    N_("no article #{index}: the file holds {count}"),
    N_("module '{name}' is missing"),
    N_("binary file ({what}), not an article"),
    N_("binary file ({count} control characters as {encoding}), not an article"),
    N_("binary file (NUL byte at offset {offset}), not an article"),
    N_("cannot read: {detail}"),
    N_("file too large ({size} MB; the limit is {limit} MB)"),
    N_("invalid {encoding} sequences replaced with U+FFFD"),
    N_("{count} invalid UTF-8 sequence(s) replaced with U+FFFD"),
    N_("first line has {count} characters, too long for a title; used the file name as the title"),
    N_("date not understood, kept as written: {text}"),
    N_("invalid TOML front matter ({detail}); it was skipped"),
    N_("invalid YAML front matter ({detail}); it was skipped"),
    N_("more than {count} Markdown blocks: the rest is shown as plain paragraphs"),
    N_("Markdown nested more than {count} levels deep: shown as text"),
    # reader/feeds
    N_("not a feed: this page names its feed {url}, which failed: {reason}"),
    N_("the stored full text is damaged ({detail})"),
    N_("the stored feed item is damaged ({detail})"),
)
#: The binary files `reader.sources.decode` names: values of "binary file ({what}), …".
KINDS: tuple[str, ...] = (
    N_("a PNG image"),
    N_("a JPEG image"),
    N_("a GIF image"),
    N_("a RIFF media file"),
    N_("a PDF document"),
    N_("a ZIP archive"),
    N_("a gzip archive"),
    N_("a bzip2 archive"),
    N_("an xz archive"),
    N_("a 7-Zip archive"),
    N_("an executable"),
    N_("an SQLite database"),
)
#: Longer reasons are shown as they are: matching stays linear in what is shown.
MAX_MATCHED = 1000
_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    last = 0
    for field in _FIELD.finditer(template):
        parts.append(re.escape(template[last : field.start()]))
        parts.append(f"(?P<{field.group(1)}>.+?)")
        last = field.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The templates' patterns, the most literal first ("binary file (NUL byte at offset
    {offset}), …" before "binary file ({what}), …", which would match it too)."""
    ordered = sorted(TEMPLATES, key=lambda template: -len(_FIELD.sub("", template)))
    return tuple((template, _pattern(template)) for template in ordered)


def match(text: str) -> tuple[str, dict[str, str]] | None:
    """(template, its values) when `text` is one of the templates filled in, else None."""
    if len(text) > MAX_MATCHED:
        return None
    for template, pattern in patterns():
        found = pattern.fullmatch(text)
        if found is not None:
            return template, found.groupdict()
    return None
