"""Every key of the reader, declared once.

The Footer (through the screen's BINDINGS), the help screen and the command palette are all
built from these tables; descriptions are English message keys that `reader.i18n` translates.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.i18n import N_, Translator

#: Keys that work from every pane (bound on the main screen).
SCREEN_BINDINGS: tuple[Binding, ...] = (
    Binding("n", "next_unread", N_("Next unread"), id="next-unread"),
    Binding("p", "previous_unread", N_("Previous unread"), show=False, id="previous-unread"),
    Binding("tab", "next_pane", N_("Next pane"), show=False, priority=True, id="next-pane"),
    Binding(
        "shift+tab",
        "previous_pane",
        N_("Previous pane"),
        show=False,
        priority=True,
        id="previous-pane",
    ),
    Binding("space,pagedown", "page_down", N_("Page down"), show=False, id="page-down"),
    Binding("b,pageup", "page_up", N_("Page up"), show=False, id="page-up"),
    Binding("slash", "search", N_("Search"), key_display="/", id="search"),
    Binding("N", "previous_hit", N_("Previous hit"), show=False, id="previous-hit"),
    Binding("escape", "end_search", N_("End search"), show=False, id="end-search"),
    Binding("u", "toggle_read", N_("Read/unread"), show=False, id="toggle-read"),
    Binding("s", "toggle_bookmark", N_("Bookmark"), show=False, id="toggle-bookmark"),
    Binding("f", "cycle_filter", N_("Filter"), show=False, id="cycle-filter"),
    Binding("r", "refresh_feed", N_("Refresh feed"), show=False, id="refresh-feed"),
    Binding("R", "refresh_all", N_("Refresh all feeds"), show=False, id="refresh-all"),
    Binding("t", "full_text", N_("Full text"), show=False, id="full-text"),
    Binding("A", "mark_source_read", N_("Mark all read"), show=False, id="mark-source-read"),
    Binding("ctrl+z", "undo", N_("Undo"), show=False, id="undo"),
    Binding("S", "toggle_sources", N_("Sources pane"), show=False, id="toggle-sources"),
    Binding("J", "next_source", N_("Next source with unread"), show=False, id="next-source"),
    Binding(
        "K", "previous_source", N_("Previous source with unread"), show=False, id="prev-source"
    ),
    Binding("O", "cycle_sort", N_("Sort order"), show=False, id="cycle-sort"),
    Binding("less_than_sign", "narrower_list", N_("Narrower list"), show=False, id="narrower-list"),
    Binding("greater_than_sign", "wider_list", N_("Wider list"), show=False, id="wider-list"),
    Binding("o", "open_link", N_("Open in browser"), show=False, id="open-link"),
    Binding("y", "copy_link", N_("Copy link"), show=False, id="copy-link"),
    Binding("Y", "copy_article_text", N_("Copy text"), show=False, id="copy-text"),
    Binding("l", "show_links", N_("Links"), show=False, id="show-links"),
    Binding("m", "toggle_metadata", N_("Details pane"), id="toggle-metadata"),
    Binding("h", "toggle_harakat", N_("Harakat"), id="toggle-harakat"),
    Binding("d", "cycle_bidi", N_("Bidi mode"), id="cycle-bidi"),
    Binding("L", "flip_layout", N_("Flip layout"), id="flip-layout"),
    Binding("question_mark,f1", "help", N_("Help"), key_display="?", id="help"),
    Binding("q", "quit", N_("Quit"), id="quit"),
)

#: What `f` shows, and the notice for each.
FILTER_NOTICES = {
    "all": N_("Showing all articles"),
    "unread": N_("Showing unread articles"),
    "bookmarked": N_("Showing bookmarked articles"),
}
#: The toggles' notices, by setting and new value.
TOGGLE_NOTICES = {
    "harakat": {"keep": N_("Harakat shown"), "strip": N_("Harakat hidden")},
    "bidi": {
        "app": N_("Bidi: the reader shapes and orders the text"),
        "terminal": N_("Bidi: the terminal orders the text"),
    },
    "layout": {"rtl": N_("Layout: right to left"), "ltr": N_("Layout: left to right")},
}


def toggle_notice(tr: Translator, name: str, value: str, saved: bool | None) -> str:
    """The notice of a toggle (`h`, `d`, `L`, `S`), saying whether config.toml has it now
    (`saved` None: there is no settings file)."""
    message = tr(TOGGLE_NOTICES[name][value])
    if saved is not None:
        message += " " + saved_words(tr, saved)
    return tr.display(message)


def saved_words(tr: Translator, saved: bool) -> str:
    """ "(saved)" or "(not saved)", after a notice of a remembered setting (logical text)."""
    words = N_("(saved)") if saved else N_("(not saved)")
    return tr(words)


#: Keys of the headline list (when it has focus).
LIST_BINDINGS: tuple[Binding, ...] = (
    Binding("j,down", "cursor_down", N_("Down"), show=False, id="list-down"),
    Binding("k,up", "cursor_up", N_("Up"), show=False, id="list-up"),
    Binding("enter", "choose", N_("Open"), show=False, id="list-open"),
    Binding("g,home", "first", N_("First headline"), show=False, id="list-first"),
    Binding("G,end", "last", N_("Last headline"), show=False, id="list-last"),
    Binding("pageup", "page_up", N_("Headlines up a page"), show=False, id="list-page-up"),
    Binding("pagedown", "page_down", N_("Headlines down a page"), show=False, id="list-page-down"),
)

#: Keys of the article (when it has focus).
BODY_BINDINGS: tuple[Binding, ...] = (
    Binding("j,down", "scroll_down", N_("Scroll down"), show=False, id="body-down"),
    Binding("k,up", "scroll_up", N_("Scroll up"), show=False, id="body-up"),
    Binding("g,home", "top", N_("Top"), show=False, id="body-top"),
    Binding("G,end", "bottom", N_("Bottom"), show=False, id="body-bottom"),
)

#: Keys of the help screen.
HELP_BINDINGS: tuple[Binding, ...] = (
    Binding("escape,question_mark,f1,q", "close", N_("Close"), id="close-help"),
)

#: Screen actions offered in the command palette, in the order of the tables above.
PALETTE_BINDINGS: tuple[Binding, ...] = tuple(
    b
    for b in (*SCREEN_BINDINGS, *LIST_BINDINGS, *BODY_BINDINGS)
    if b.action not in ("next_pane", "previous_pane")
) + tuple(b for b in SCREEN_BINDINGS if b.action in ("next_pane", "previous_pane"))


def key_display(binding: Binding) -> str:
    """The keys of a binding as the help screen shows them: `j / ↓`."""
    names = {
        "down": "↓",
        "up": "↑",
        "question_mark": "?",
        "space": "Space",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "home": "Home",
        "end": "End",
        "tab": "Tab",
        "shift+tab": "Shift+Tab",
        "escape": "Esc",
        "f1": "F1",
        "slash": "/",
        "enter": "Enter",
        "less_than_sign": "<",
        "greater_than_sign": ">",
        "ctrl+z": "Ctrl+Z",
    }
    return " / ".join(names.get(key, key) for key in binding.key.split(","))
