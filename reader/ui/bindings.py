"""Every key of the reader, declared once.

The Footer (through the screen's BINDINGS), the help screen and the command palette are all
built from these tables; descriptions are English message keys that `reader.i18n` translates.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.i18n import Translator

#: Keys that work from every pane (bound on the main screen).
SCREEN_BINDINGS: tuple[Binding, ...] = (
    Binding("n", "next_unread", "Next unread", id="next-unread"),
    Binding("p", "previous_unread", "Previous unread", show=False, id="previous-unread"),
    Binding("tab", "next_pane", "Next pane", show=False, priority=True, id="next-pane"),
    Binding(
        "shift+tab",
        "previous_pane",
        "Previous pane",
        show=False,
        priority=True,
        id="previous-pane",
    ),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="page-down"),
    Binding("b,pageup", "page_up", "Page up", show=False, id="page-up"),
    Binding("slash", "search", "Search", key_display="/", id="search"),
    Binding("N", "previous_hit", "Previous hit", show=False, id="previous-hit"),
    Binding("escape", "end_search", "End search", show=False, id="end-search"),
    Binding("u", "toggle_read", "Read/unread", show=False, id="toggle-read"),
    Binding("s", "toggle_bookmark", "Bookmark", show=False, id="toggle-bookmark"),
    Binding("f", "cycle_filter", "Filter", show=False, id="cycle-filter"),
    Binding("r", "refresh_feed", "Refresh feed", show=False, id="refresh-feed"),
    Binding("R", "refresh_all", "Refresh all feeds", show=False, id="refresh-all"),
    Binding("t", "full_text", "Full text", show=False, id="full-text"),
    Binding("A", "mark_source_read", "Mark all read", show=False, id="mark-source-read"),
    Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
    Binding("S", "toggle_sources", "Sources pane", show=False, id="toggle-sources"),
    Binding("J", "next_source", "Next source with unread", show=False, id="next-source"),
    Binding("K", "previous_source", "Previous source with unread", show=False, id="prev-source"),
    Binding("O", "cycle_sort", "Sort order", show=False, id="cycle-sort"),
    Binding("less_than_sign", "narrower_list", "Narrower list", show=False, id="narrower-list"),
    Binding("greater_than_sign", "wider_list", "Wider list", show=False, id="wider-list"),
    Binding("o", "open_link", "Open in browser", show=False, id="open-link"),
    Binding("y", "copy_link", "Copy link", show=False, id="copy-link"),
    Binding("Y", "copy_text", "Copy text", show=False, id="copy-text"),
    Binding("l", "show_links", "Links", show=False, id="show-links"),
    Binding("m", "toggle_metadata", "Details pane", id="toggle-metadata"),
    Binding("h", "toggle_harakat", "Harakat", id="toggle-harakat"),
    Binding("d", "cycle_bidi", "Bidi mode", id="cycle-bidi"),
    Binding("L", "flip_layout", "Flip layout", id="flip-layout"),
    Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
    Binding("q", "quit", "Quit", id="quit"),
)

#: What `f` shows, and the notice for each.
FILTER_NOTICES = {
    "all": "Showing all articles",
    "unread": "Showing unread articles",
    "bookmarked": "Showing bookmarked articles",
}
#: The toggles' notices, by setting and new value.
TOGGLE_NOTICES = {
    "harakat": {"keep": "Harakat shown", "strip": "Harakat hidden"},
    "bidi": {
        "app": "Bidi: the reader shapes and orders the text",
        "terminal": "Bidi: the terminal orders the text",
    },
    "layout": {"rtl": "Layout: right to left", "ltr": "Layout: left to right"},
}


def toggle_notice(tr: Translator, name: str, value: str, saved: bool | None) -> str:
    """The notice of a toggle (`h`, `d`, `L`, `S`), saying whether config.toml has it now
    (`saved` None: there is no settings file)."""
    message = tr(TOGGLE_NOTICES[name][value])
    if saved is not None:
        message += " " + tr("(saved)" if saved else "(not saved)")
    return tr.display(message)


#: Keys of the headline list (when it has focus).
LIST_BINDINGS: tuple[Binding, ...] = (
    Binding("j,down", "cursor_down", "Down", show=False, id="list-down"),
    Binding("k,up", "cursor_up", "Up", show=False, id="list-up"),
    Binding("enter", "choose", "Open", show=False, id="list-open"),
    Binding("g,home", "first", "First headline", show=False, id="list-first"),
    Binding("G,end", "last", "Last headline", show=False, id="list-last"),
    Binding("pageup", "page_up", "Headlines up a page", show=False, id="list-page-up"),
    Binding("pagedown", "page_down", "Headlines down a page", show=False, id="list-page-down"),
)

#: Keys of the article (when it has focus).
BODY_BINDINGS: tuple[Binding, ...] = (
    Binding("j,down", "scroll_down", "Scroll down", show=False, id="body-down"),
    Binding("k,up", "scroll_up", "Scroll up", show=False, id="body-up"),
    Binding("g,home", "top", "Top", show=False, id="body-top"),
    Binding("G,end", "bottom", "Bottom", show=False, id="body-bottom"),
)

#: Keys of the help screen.
HELP_BINDINGS: tuple[Binding, ...] = (
    Binding("escape,question_mark,f1,q", "close", "Close", id="close-help"),
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
