"""An article's links and text for the keys that leave the reader: `o` (the browser), `y`/`Y`
(copy) and `l` (the numbered links). No screen here.

Every URL comes from an untrusted feed or file: only `http`/`https` addresses without spaces or
controls are opened or copied (`safe_url`), and a browser is started with the URL as one argv
element of its own, never through a shell. `$BROWSER` is read as newsboat and Python's
`webbrowser` read it: commands separated by `:`, each split like a shell's words (of the
user's own setting, not of the URL), `%s` replaced by the URL (added at the end when absent).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import threading
import webbrowser
from collections.abc import Callable, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from reader.i18n import N_
from reader.model import Article
from reader.text.sanitize import strip_escapes, valid_text

#: Longest URL opened or copied (browsers accept about this much).
MAX_URL = 8192
#: Links listed at most (a hostile article could have a million).
MAX_LINKS = 1000
#: Longest link text listed (characters; the rest is cut).
MAX_LINK_TEXT = 200

# Spaces, controls (C0, DEL, C1) and the invisible format characters (bidi controls and the
# like): a URL holding any of them is refused rather than repaired.
_BAD_URL = re.compile("[\\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# Explicit embeddings, overrides and isolates dropped from copied text (marks and joiners stay:
# they are part of real Persian and Arabic text).
_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Starts a browser: `argv` in a process of its own; raises OSError when it cannot.
Spawn = Callable[[Sequence[str]], None]
#: The platform's opener (`webbrowser.open`): False when no browser could be found.
PlatformOpen = Callable[[str], bool]


class LinkError(Exception):
    """A link that cannot be opened; the message says why, in one line (English, a key)."""


class Link(NamedTuple):
    """One link of an article: its number in the list (from 1), its text and its address."""

    number: int
    text: str
    url: str


def safe_url(url: str) -> str | None:
    """`url` when it may be opened or copied: http or https with a host, no spaces, controls
    or bidi controls, at most MAX_URL characters; else None."""
    url = url.strip()
    if not url or len(url) > MAX_URL or _BAD_URL.search(url) or valid_text(url) != url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def article_links(article: Article) -> list[Link]:
    """Every link of the article's paragraphs (spans with a URL), in reading order, each URL
    once (the first text it has), numbered from 1; at most MAX_LINKS. A link whose address
    cannot be opened (`safe_url`) is left out. The text is logical and untrusted: it is
    cleaned when it is shown."""
    links: list[Link] = []
    seen: set[str] = set()
    for paragraph in article.paragraphs:
        for span in paragraph.spans:
            url = safe_url(span.url) if span.url else None
            if url is None or url in seen:
                continue
            seen.add(url)
            text = paragraph.text[span.start : span.end][:MAX_LINK_TEXT]
            links.append(Link(len(links) + 1, text, url))
            if len(links) == MAX_LINKS:
                return links
    return links


def logical_text(article: Article) -> str:
    """The article as the source had it, for the clipboard: the title, then each paragraph,
    separated by blank lines - logical order, no presentation forms. Escape sequences, controls
    (but line breaks and tabs), explicit bidi embeddings/overrides/isolates and lone surrogates
    are dropped: a paste can never drive a terminal."""
    parts = [article.title, *(paragraph.text for paragraph in article.paragraphs)]
    kept = (_clean(part) for part in parts)
    return "\n\n".join(part for part in kept if part)


def _clean(text: str) -> str:
    return _EXPLICIT.sub("", strip_escapes(valid_text(text))).strip()


def browser_commands(browser: str | None) -> list[list[str]]:
    """`$BROWSER` as commands (argv templates): separated by `:`, each split into words; empty
    and unparsable ones skipped."""
    commands: list[list[str]] = []
    for part in (browser or "").split(":"):
        try:
            words = shlex.split(part)
        except ValueError:  # an unclosed quote
            continue
        if words:
            commands.append(words)
    return commands


def command_for(template: Sequence[str], url: str) -> list[str]:
    """The argv of one `$BROWSER` command for `url`: every `%s` replaced by it (inside one word,
    the URL stays in that word), else the URL appended as the last word."""
    if any("%s" in word for word in template):
        return [word.replace("%s", url) for word in template]
    return [*template, url]


def spawn_detached(argv: Sequence[str]) -> None:
    """Start `argv` without the terminal (no stdin, output dropped) in a session of its own,
    so it neither reads the reader's keys nor draws over its screen; a thread waits for it
    (no zombie is left when it ends)."""
    process = subprocess.Popen(  # a list: no shell ever reads the URL
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    threading.Thread(target=process.wait, name="browser-wait", daemon=True).start()


def graphical_open(url: str) -> bool:
    """The platform's opener (`webbrowser`) when it is a graphical one: a text browser
    (`lynx`, `w3m`, which `webbrowser` falls back to without a display) would take the
    terminal from the reader, so it is not used (False: set `$BROWSER`)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:  # the text browsers' class
        return False
    return browser.open(url)


def open_url(
    url: str,
    browser: str | None,
    *,
    spawn: Spawn = spawn_detached,
    platform_open: PlatformOpen = graphical_open,
) -> str:
    """Open `url` (checked by `safe_url`) with the first `$BROWSER` command (`browser`) that
    starts, else the platform's opener. Returns the name of what opened it; raises LinkError
    (not a link that may be opened, no browser) otherwise."""
    checked = safe_url(url)
    if checked is None:
        raise LinkError(N_("Not a web link"))
    commands = browser_commands(browser)
    for template in commands:
        try:
            spawn(command_for(template, checked))
        except OSError:
            continue
        return template[0]
    if commands:
        raise LinkError(N_("No browser could be started"))
    try:
        opened = platform_open(checked)
    except (OSError, webbrowser.Error):
        opened = False
    if not opened:
        raise LinkError(N_("No browser found: set $BROWSER"))
    return "browser"
