"""The words around the headline list: its title (counts of what it lists, the source, the
filter, the search) and the notice of a new sort order."""

from __future__ import annotations

from textual.content import Content

from reader.i18n import N_, Translator
from reader.library.ordering import ORDER_NOTICES
from reader.ui.bindings import saved_words

#: The filter's word in the list's title (`all` says nothing).
FILTER_WORDS = {"unread": N_("unread"), "bookmarked": N_("bookmarked")}


def list_title(
    tr: Translator, unread: int, total: int, source: str, filter_mode: str, searching: bool
) -> Content:
    """ "Headlines · 3/10 · <source> · unread · search", in the interface's language, as the
    terminal shows it."""
    parts = [tr("Headlines"), f"{tr.number(unread)}/{tr.number(total)}"]
    if source:
        parts.append(source)
    if filter_mode != "all":
        parts.append(tr(FILTER_WORDS.get(filter_mode, filter_mode)))
    if searching:
        parts.append(tr("search"))
    return Content(tr.display(" · ".join(parts)))


def order_notice(tr: Translator, order: str, saved: bool | None) -> str:
    """What `O` says: the new order, and whether it was saved (logical text)."""
    text = tr(ORDER_NOTICES[order])
    if saved is not None:
        text += " " + saved_words(tr, saved)
    return text
