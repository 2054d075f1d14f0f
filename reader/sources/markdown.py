"""Markdown articles (`.md`): front matter, blocks, and inline styles as spans.

Front matter is TOML between `+++` lines (tomllib), or YAML between `---` lines when PyYAML is
installed (the `yaml` extra); without PyYAML the block is skipped with a warning and the body is
still shown. Without a title in the front matter, the first `# heading` is the title (and is not
repeated in the body).

The Markdown itself is read by markdown-it-py (CommonMark, linear time: a hostile line of 100,000
backticks or brackets costs a second, not hours). The lines of a paragraph join with one space.
Headings (`#` and underlined) become `Paragraph(kind="heading")`, paragraphs in `>` quotes
`kind="quote"`, and the first paragraph of each list item a `kind="list"` paragraph whose text
starts with its marker ("•" for bullets, "3." for numbered items); fenced and indented code is one
paragraph with a "code" span. `**bold**`, `*italic*`, `` `code` ``, `[links](url)` and
`<autolinks>` become spans on the paragraph's text with the markup removed, so a style follows its
letters through shaping and reordering; an image becomes its alt text, an escape or entity its
character. Raw HTML is not interpreted: it is shown as written.

Hostile input is bounded: quotes and lists nested deeper than 20 levels are shown as their text
without their markers (with a warning), the inline markup of a paragraph over `MAX_INLINE`
characters is not read (with a warning), and a long article is parsed a piece of about 64 K
characters at a time, cut between blocks, so that its tokens never take more than a few tens of
megabytes (a reference definition `[label]: url` then serves the pieces after it only).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.i18n import N_
from reader.model import Article, ArticleError, Paragraph, ParagraphKind, Span
from reader.sources.fields import Meta, read_meta

#: Inline markup is not parsed in paragraphs longer than this: parsing is linear in time, but a
#: paragraph's tokens take up to a few hundred bytes per character of dense markup.
MAX_INLINE = 100_000
#: markdown-it's nesting limit for blocks (its CommonMark preset's): deeper quotes and lists are
#: shown as text.
MAX_NESTING = 20
#: ... and for inline markup: links and images nested deeper stay text. The cost of a line of
#: `[` or `![` grows with it (100,000 of them: 0.8 s at 8, 2 s at 20).
_MAX_INLINE_NESTING = 8
#: Blocks read as Markdown per article; the rest is read as plain paragraphs. markdown-it costs
#: about 26 µs a block, so a hostile 64 MB file of one-letter paragraphs would take ten minutes;
#: no article has this many paragraphs.
MAX_BLOCKS = 10_000

#: Blocks only: the inline markup of each paragraph is parsed on its own (`inline`), so the tokens
#: of one paragraph at a time are held, not those of the whole article.
_BLOCKS = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).disable("inline")
_INLINE = MarkdownIt("commonmark", {"html": False, "maxNesting": _MAX_INLINE_NESTING})
_STYLES = {"strong_open": "bold", "em_open": "italic", "link_open": "link"}
_TEXT = frozenset(("text", "text_special", "code_inline"))
_BREAKS = frozenset(("softbreak", "hardbreak"))
_CONTAINERS = frozenset(
    ("blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open")
)
_LINE_BREAK = re.compile(r"\n[ \t]*")
#: Characters that may start inline markup (CommonMark without raw HTML): a text without them is
#: its own plain text.
_MARKUP = re.compile(r"[\\`*_\[\]!<&\x00]")
#: Where an article may be cut into pieces (`_pieces`), and their size.
_CUT = re.compile(r"\n(?:[ \t]*\n(?=[^ \t\n])|(?=[-*+][ \t]+[^ \t\n]))")
_PIECE = 65_536
_MARKER = re.compile(r"[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$))")


def inline(text: str, env: dict[str, Any] | None = None) -> tuple[str, tuple[Span, ...]]:
    """Text with inline markup removed, and the spans the markup stood for.

    `env` carries the link reference definitions of the article (`[label]: url`).
    """
    if len(text) > MAX_INLINE:
        return _LINE_BREAK.sub(" ", text), ()
    if _MARKUP.search(text) is None and not any(
        pair in text for pair in (" \n", "\t\n", "\n ", "\n\t")
    ):
        return text.replace("\n", " "), ()  # the common case, at a tenth of the cost
    tokens = _INLINE.parseInline(text, {} if env is None else env)
    children = tokens[0].children if tokens and tokens[0].children else []
    out: list[str] = []
    found: list[tuple[int, int, int, Span]] = []  # (start, -end, depth): outer spans first
    opened: list[tuple[int, str, str | None]] = []
    size = 0
    for token in children:
        kind = token.type
        if kind in _TEXT:
            piece = token.content
            if kind == "code_inline" and piece:
                found.append(
                    (size, -size - len(piece), len(opened), Span(size, size + len(piece), "code"))
                )
        elif kind in _BREAKS:
            piece = " "
        elif kind == "image":
            piece = _alt_text(token)
        elif token.nesting == 1:
            href = token.attrGet("href") if kind == "link_open" else None
            opened.append((size, _STYLES.get(kind, ""), None if href is None else str(href)))
            continue
        elif token.nesting == -1:
            start, style, url = opened.pop()
            if style and size > start:
                found.append((start, -size, len(opened), Span(start, size, style, url)))
            continue
        else:
            piece = token.content
        out.append(piece)
        size += len(piece)
    found.sort(key=lambda item: item[:3])
    return "".join(out), tuple(item[3] for item in found)


def _alt_text(image: Token) -> str:
    """An image's alt text, without its markup (images nest: iteratively)."""
    parts: list[str] = []
    stack = [iter(image.children or ())]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
        elif token.type == "image":
            stack.append(iter(token.children or ()))
        elif token.type in _TEXT:
            parts.append(token.content)
        elif token.type in _BREAKS:
            parts.append(" ")
    return "".join(parts)


def _front_matter(text: str, meta: Meta) -> str:
    """Read the front matter into `meta`; return the body after it."""
    for fence, language in (("+++", "toml"), ("---", "yaml")):
        if not text.startswith(fence + "\n"):
            continue
        end = text.find("\n" + fence + "\n", len(fence))
        if end < 0:
            if text.rstrip().endswith("\n" + fence):
                end = len(text.rstrip()) - len(fence) - 1
            else:
                continue  # never closed: not front matter (a `---` rule, say)
        block, body = text[len(fence) + 1 : end + 1], text[end + len(fence) + 2 :]
        data: Any = None
        if language == "toml":
            try:
                data = tomllib.loads(block)
            except (tomllib.TOMLDecodeError, RecursionError) as error:
                meta.warnings.append(f"invalid TOML front matter ({error}); it was skipped")
        else:
            try:
                import yaml
            except ImportError:
                meta.warnings.append(
                    "YAML front matter skipped: install the 'yaml' extra (PyYAML) to read it"
                )
            else:
                try:
                    data = yaml.safe_load(block)
                except (yaml.YAMLError, RecursionError) as error:
                    reason = str(error).splitlines()[0] if str(error) else "syntax error"
                    meta.warnings.append(f"invalid YAML front matter ({reason}); it was skipped")
        if isinstance(data, dict):
            read_meta(data, meta)
        elif data is not None:
            meta.warnings.append("front matter is not a table of fields; it was skipped")
        return body
    return text


def _pieces(body: str, env: dict[str, Any]) -> Iterator[tuple[str, list[Token], int]]:
    """The block tokens of the body, a piece at a time: (piece, its tokens, where it ends).

    An article longer than `_PIECE` is cut between top-level blocks, so that the tokens of one
    piece at a time are held (a token is a few hundred bytes: a 10 MB file of one-letter
    paragraphs would take 4 GB at once). A cut is made where no block can go on across it: before
    a line that starts in the first column after a blank line, or before a bullet item with text
    in the first column; a fenced code block cut open is read again whole. A reference
    definition (`[label]: url`) is then known only to the pieces after it.
    """
    start = 0
    while start < len(body):
        match = _CUT.search(body, start + _PIECE - 1) if len(body) - start > _PIECE else None
        cut = match.end() if match is not None else len(body)
        piece = body[start:cut]
        tokens = _BLOCKS.parse(piece, env)
        last = tokens[-1] if tokens else None
        if (
            cut < len(body)
            and last is not None
            and last.type == "fence"
            and last.map is not None
            and last.map[1] >= piece.count("\n")
        ):  # a fence still open at the cut: read it again up to its closing line
            yield piece, tokens[:-1], cut
            fence = start + _line_start(piece, last.map[0])
            closing = re.compile(
                rf"^ {{0,3}}{re.escape(last.markup[0])}{{{len(last.markup)},}}[ \t]*$", re.M
            ).search(body, body.index("\n", fence) + 1)
            cut = len(body) if closing is None else min(closing.end() + 1, len(body))
            piece = body[fence:cut]
            tokens = _BLOCKS.parse(piece, env)
        yield piece, tokens, cut
        start = cut


def _line_start(text: str, line: int) -> int:
    """The offset of a line (counted from 0) in a text."""
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset


def _blocks(body: str, warnings: list[str]) -> Iterator[tuple[str, Paragraph]]:
    """(heading tag, paragraph) per block, in reading order; the tag ("h1" to "h6") only for a
    heading outside quotes and lists, else ""."""
    env: dict[str, Any] = {}
    count = 0
    for piece, tokens, end in _pieces(body, env):
        for block in _piece_blocks(piece, tokens, env, warnings):
            count += 1
            yield block
        if count >= MAX_BLOCKS and end < len(body):
            warnings.append(
                f"more than {MAX_BLOCKS:,} Markdown blocks: the rest is shown as plain paragraphs"
            )
            for text in _plain_blocks(body[end:].split("\n")):
                yield "", Paragraph(text, (), "body")
            return


def _piece_blocks(
    piece: str, tokens: list[Token], env: dict[str, Any], warnings: list[str]
) -> Iterator[tuple[str, Paragraph]]:
    quotes = 0
    ordered: list[bool] = []
    markers: list[str] = []  # per open list item: its marker until its first paragraph
    lines: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in _CONTAINERS:
            if kind == "blockquote_open":
                quotes += 1
            elif kind == "list_item_open":
                markers.append(f"{token.info}." if ordered[-1] else "•")
            else:
                ordered.append(kind == "ordered_list_open")
            if token.level >= MAX_NESTING - 1 and tokens[index + 1].nesting == -1 and token.map:
                # markdown-it skips what is nested deeper than its limit: show it as text
                if not lines:
                    lines = piece.split("\n")
                    warnings.append(
                        f"Markdown nested more than {MAX_NESTING} levels deep: shown as text"
                    )
                for text in _plain_blocks(lines[token.map[0] : token.map[1]]):
                    yield "", Paragraph(text, (), "quote" if quotes else "body")
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "list_item_close":
            markers.pop()
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind in ("fence", "code_block"):
            markers = [""] * len(markers)
            code = token.content.rstrip()
            if code.strip():
                yield "", Paragraph(code, (Span(0, len(code), "code"),))
        elif kind == "inline":
            marker = markers[-1] if markers else ""
            markers = [""] * len(markers)
            if len(token.content) > MAX_INLINE:
                warnings.append(
                    f"a paragraph of {len(token.content):,} characters: "
                    "its inline markup was not read"
                )
            text, spans = inline(token.content, env)
            if not text.strip():
                continue
            opening = tokens[index - 1]
            heading = opening.type == "heading_open"
            paragraph_kind: ParagraphKind = (
                "list" if marker else "heading" if heading else "quote" if quotes else "body"
            )
            if marker:
                shift = len(marker) + 1
                text = f"{marker} {text}"
                spans = tuple(s._replace(start=s.start + shift, end=s.end + shift) for s in spans)
            top = heading and not marker and opening.level == 0
            yield (opening.tag if top else ""), Paragraph(text, spans, paragraph_kind)


def _plain_blocks(lines: list[str]) -> Iterator[str]:
    """The text of source lines without their markup, a paragraph per run of non-blank lines."""
    block: list[str] = []
    for line in [*lines, ""]:
        if text := _unmarked(line):
            block.append(text)
        elif block:
            yield " ".join(block)
            block.clear()


def _unmarked(line: str) -> str:
    """A source line without the quote and list markers in front of it."""
    position = 0
    while (match := _MARKER.match(line, position)) is not None:
        position = match.end()
    return line[position:].strip()


def parse_markdown(text: str, *, fallback_title: str = "") -> Article:
    """An article from Markdown. Raises ArticleError only for a file with no text at all."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(N_("empty file (no text)"))
    meta = Meta()
    body = _front_matter(text, meta)
    paragraphs: list[Paragraph] = []
    for heading, paragraph in _blocks(body, meta.warnings):
        if heading:
            title = paragraph.text.strip()
            if not meta.title and heading == "h1" and not paragraphs:
                meta.title = title
                continue
            if title == meta.title and not paragraphs:
                continue  # the title repeated as the first heading
        paragraphs.append(paragraph)
    if not meta.title:
        meta.title = fallback_title
        meta.warnings.append("no title in the front matter and no '# heading'; used the file name")
    return meta.article(meta.title, tuple(paragraphs), "markdown", meta.warnings)
