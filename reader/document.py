"""An article as the body pane shows it: a sequence of blocks, each one paragraph of logical text.

Shared by `reader render` and the TUI's body view so both show exactly the same thing:
the title block (title; one line with the date, source and credit; the caption), then the
paragraphs, then — where the article names them — the contributors. Fields joined on one line
are each wrapped in an isolate (FSI … PDI) so one field's letters, numbers or stray bidi controls
never reorder its neighbours; the isolates shape and reorder, then vanish from the display.

`Block` is the one form every text pane draws (the body, the details, the help's keys), and
`gap_before` the one rule for the blank lines between blocks: `reader render` and the panes
cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from reader.model import Article, Direction, Span
from reader.text import prepare
from reader.text.layout import BidiMode, PreparedParagraph
from reader.text.shaping import Harakat

if TYPE_CHECKING:
    from reader.search import Query

#: What an article's blocks are: each is drawn in its own style (`lines-view--<role>`).
ArticleRole = Literal[
    "title", "meta", "caption", "body", "heading", "quote", "list", "contributors"
]
ROLES: tuple[ArticleRole, ...] = get_args(ArticleRole)
#: Every role a block may have: the article's, the details pane's, and a notice.
Role = Literal[ArticleRole, "label", "value", "warning", "notice"]

FSI = "\u2068"
PDI = "\u2069"
# Explicit embeddings, overrides and isolates: removed from a field before it is isolated, so a
# stray PDI cannot close our isolate early and an unclosed RLO cannot leak out of it.
_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")


class Block(NamedTuple):
    """One paragraph to show: logical text, the role that styles it and its spans (offsets into
    `text`: Markdown's bold, italic, code and links, and search hits as "highlight")."""

    text: str
    role: Role = "body"
    spans: tuple[Span, ...] = ()
    paragraph: int | None = None  # index in Article.paragraphs (for saved positions)
    direction: Direction | None = None  # forced; None: from the text, else the fallback
    starts_group: bool = False  # a blank line goes before this block (see `gap_before`)
    #: The side its lines keep to, when not its direction's: a value in the details pane is
    #: ordered by its own direction but aligned with the interface's labels.
    align: Direction | None = None


def gap_before(block: Block, has_lines: bool, started: bool) -> int:
    """Blank lines before `block`: one when it starts a group, but none at the very top
    (`started`: lines came before it) and none for a block with no lines (`has_lines`), so
    an empty paragraph never leaves two blank lines in a row."""
    return 1 if block.starts_group and has_lines and started else 0


#: Longer blocks are rendered without the engine's cache (nothing of them is kept).
CACHED_BLOCK = 4096


def isolate(field: str) -> str:
    """One field, safe to put beside others on a line."""
    return FSI + _EXPLICIT.sub("", field) + PDI


def join_fields(fields: Iterable[str], separator: str = " · ") -> str:
    """Non-empty fields, each isolated, joined by `separator`."""
    return separator.join(isolate(f) for f in fields if f and f.strip())


def contributors_label(article: Article) -> str:
    return "المساهمون" if article.language in ("ar", "fa", "ur") else "Contributors"


def article_blocks(article: Article, highlight: Query | None = None) -> list[Block]:
    """The blocks of an article, in reading order.

    With `highlight`, every hit of that search is a "highlight" span: it follows the letters
    through shaping and reordering like any other style.
    """
    blocks: list[Block] = [Block(article.title, "title")]
    date = article.date_text or (article.date.isoformat() if article.date else "")
    meta = join_fields((date, article.source, article.credit))
    if meta:
        blocks.append(Block(meta, "meta"))
    if article.caption:
        blocks.append(Block(article.caption, "caption"))
    for index, paragraph in enumerate(article.paragraphs):
        blocks.append(
            Block(
                paragraph.text, paragraph.kind, paragraph.spans, paragraph=index, starts_group=True
            )
        )
    if article.authors:
        separator = "، " if article.direction == "rtl" else ", "
        text = contributors_label(article) + ": " + join_fields(article.authors, separator)
        blocks.append(Block(text, "contributors", starts_group=True))
    if highlight:
        return [highlighted(block, highlight) for block in blocks]
    return blocks


def highlighted(block: Block, query: Query) -> Block:
    """`block` with a "highlight" span on every hit of `query` in its text."""
    from reader.search import find_spans  # the search layer loads when a search is made

    hits = find_spans(block.text, query)
    if not hits:
        return block
    spans = (*block.spans, *(Span(start, end, "highlight") for start, end in hits))
    return block._replace(spans=spans)


def block_lines(
    block: Block,
    width: int,
    fallback: Direction,
    harakat: Harakat = "keep",
    bidi: BidiMode = "app",
) -> list[str]:
    prepared = prepare(
        block.text, direction=block.direction, fallback=fallback, harakat=harakat, bidi=bidi
    )
    return [line.padded.rstrip(" ") for line in prepared.lines(width)]


def render_article(
    article: Article,
    width: int,
    harakat: Harakat = "keep",
    bidi: BidiMode = "app",
) -> list[str]:
    """The article as display lines: what `reader render` prints."""
    return list(iter_article_lines(article, width, harakat, bidi))


def iter_article_lines(
    article: Article,
    width: int,
    harakat: Harakat = "keep",
    bidi: BidiMode = "app",
) -> Iterator[str]:
    """`render_article`, one line at a time: each block is laid out when its lines are asked
    for and forgotten after (nothing is cached), so a 60 MB article is printed in the memory
    of its largest paragraph, not of all its lines at once."""
    started = False
    for block in article_blocks(article):
        if len(block.text) <= CACHED_BLOCK:
            # (A repeated paragraph is laid out once; the cache holds a bounded number.)
            prepared = prepare(block.text, fallback=article.direction, harakat=harakat, bidi=bidi)
        else:
            prepared = PreparedParagraph(
                block.text, fallback=article.direction, harakat=harakat, bidi=bidi
            )
        first = True
        for line in prepared.iter_lines(width):
            if first:
                first = False
                for _ in range(gap_before(block, True, started)):
                    yield ""
                started = True
            yield line.padded.rstrip(" ")
