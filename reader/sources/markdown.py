"""Markdown articles (`.md`): front matter, blocks, and inline styles as spans.

Front matter is TOML between `+++` lines (tomllib), or YAML between `---` lines when PyYAML is
installed (the `yaml` extra); without PyYAML the block is skipped with a warning and the body is
still shown. Without a title in the front matter, the first `# heading` is the title (and is not
repeated in the body).

Blocks are separated by blank lines; the lines of a block join with one space. `#` headings become
`Paragraph(kind="heading")`, `>` quotes `kind="quote"`, and each list item a `kind="list"` paragraph
whose text starts with its marker ("•" for bullets, "3." for numbered items). `**bold**`,
`*italic*`, `` `code` `` and `[links](url)` become spans on the paragraph's text with the markup
removed, so a style follows its letters through shaping and reordering.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from reader.model import Article, ArticleError, Paragraph, ParagraphKind, Span
from reader.sources.fields import Meta, read_meta

#: Inline markup is not parsed in paragraphs longer than this (a hostile 50 MB paragraph).
MAX_INLINE = 100_000
_MAX_DEPTH = 8

_INLINE = re.compile(
    r"""
    (?P<esc>\\[\\`*_\[\]()\#+\-.!<>{}|])
  | (?P<ticks>`+)(?P<code>.+?)(?P=ticks)
  | !\[(?P<alt>[^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)
  | \[(?P<label>(?:[^\[\]]|\[[^\]]*\])+)\]\((?P<url>[^)\s]*)(?:\s+"[^"]*")?\)
  | <(?P<auto>(?:https?|mailto):[^>\s]+)>
  | \*\*(?P<bold>[^\s*](?:.*?[^\s\\])??)\*\*(?!\*)
  | __(?P<bold2>[^\s_](?:.*?[^\s\\])??)__(?!_)
  | \*(?P<italic>[^\s*](?:.*?[^\s\\*])??)\*
  | (?<!\w)_(?P<italic2>[^\s_](?:.*?[^\s\\_])??)_(?!\w)
    """,
    re.VERBOSE,
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_ITEM = re.compile(r"^\s{0,3}(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})[.)])\s+(?P<text>.*)$")
_FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")


def inline(text: str, depth: int = 0) -> tuple[str, tuple[Span, ...]]:
    """Text with inline markup removed, and the spans the markup stood for."""
    if len(text) > MAX_INLINE or depth > _MAX_DEPTH:
        return text, ()
    out: list[str] = []
    spans: list[Span] = []
    size = 0
    last = 0
    for match in _INLINE.finditer(text):
        out.append(text[last : match.start()])
        size += match.start() - last
        last = match.end()
        groups = match.groupdict()
        style, url = "", None
        inner_spans: tuple[Span, ...] = ()
        if groups["esc"] is not None:
            inner = groups["esc"][1]
        elif groups["code"] is not None:
            inner, style = groups["code"].strip(), "code"
        elif groups["alt"] is not None:
            inner = groups["alt"]
        elif groups["label"] is not None:
            inner, inner_spans = inline(groups["label"], depth + 1)
            style, url = "link", groups["url"]
        elif groups["auto"] is not None:
            inner, style, url = groups["auto"], "link", groups["auto"]
        else:
            body = next(groups[k] for k in ("bold", "bold2", "italic", "italic2") if groups[k])
            inner, inner_spans = inline(body, depth + 1)
            style = "bold" if groups["bold"] or groups["bold2"] else "italic"
        if style and inner:
            spans.append(Span(size, size + len(inner), style, url))
        spans.extend(Span(s.start + size, s.end + size, s.style, s.url) for s in inner_spans)
        out.append(inner)
        size += len(inner)
    out.append(text[last:])
    return "".join(out), tuple(sorted(spans, key=lambda s: (s.start, -s.end)))


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


def _blocks(body: str) -> list[tuple[ParagraphKind | str, str]]:
    """(kind, raw text) per block; kinds are the paragraph kinds plus "code"."""
    blocks: list[tuple[ParagraphKind | str, str]] = []
    lines: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if lines:
            blocks.extend(_classify(lines))
            lines.clear()

    for raw in body.split("\n"):
        line = raw.rstrip()
        if fence is not None:
            if line.lstrip().startswith(fence):
                blocks.append(("code", "\n".join(lines)))
                lines.clear()
                fence = None
            else:
                lines.append(line)
            continue
        if (match := _FENCE.match(line)) is not None:
            flush()
            fence = match.group(1)
        elif not line.strip():
            flush()
        elif _HEADING.match(line.lstrip()) and len(line) - len(line.lstrip()) < 4:
            flush()
            lines.append(line.strip())
            flush()
        else:
            lines.append(line)
    if fence is not None:
        blocks.append(("code", "\n".join(lines)))
    else:
        flush()
    return blocks


def _classify(lines: list[str]) -> list[tuple[ParagraphKind | str, str]]:
    first = lines[0].strip()
    if (match := _HEADING.match(first)) is not None:
        return [(f"h{len(match.group(1))}", match.group(2))]
    if len(lines) >= 2 and _SETEXT.match(lines[-1].strip()) and not _ITEM.match(first):
        level = "h1" if lines[-1].strip()[0] == "=" else "h2"
        return [(level, " ".join(line.strip() for line in lines[:-1]))]
    if len(lines) == 1 and _RULE.match(first):
        return []
    if all(line.lstrip().startswith(">") for line in lines):
        text = " ".join(line.lstrip()[1:].strip() for line in lines)
        return [("quote", text)]
    if _ITEM.match(lines[0]):
        items: list[tuple[ParagraphKind | str, str]] = []
        for line in lines:
            match = _ITEM.match(line)
            if match is None and items:
                items[-1] = (items[-1][0], f"{items[-1][1]} {line.strip()}")
                continue
            if match is None:
                continue
            marker = "•" if match.group("bullet") else match.group("number") + "."
            items.append(("list", f"{marker} {match.group('text').strip()}"))
        return items
    return [("body", " ".join(line.strip() for line in lines))]


def parse_markdown(text: str, *, fallback_title: str = "") -> Article:
    """An article from Markdown. Raises ArticleError only for a file with no text at all."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError("empty file (no text)")
    meta = Meta()
    body = _front_matter(text, meta)
    paragraphs: list[Paragraph] = []
    for kind, raw in _blocks(body):
        if kind == "code":
            if raw.strip():
                paragraphs.append(Paragraph(raw, (Span(0, len(raw), "code"),)))
            continue
        if len(raw) > MAX_INLINE:
            meta.warnings.append(
                f"a paragraph of {len(raw):,} characters: its inline markup was not read"
            )
        plain, spans = inline(raw)
        if not plain.strip():
            continue
        if kind.startswith("h"):
            if not meta.title and kind == "h1" and not paragraphs:
                meta.title = plain.strip()
                continue
            if plain.strip() == meta.title and not paragraphs:
                continue  # the title repeated as the first heading
            paragraphs.append(Paragraph(plain, spans, "heading"))
        else:
            paragraph_kind: ParagraphKind = (
                "quote" if kind == "quote" else ("list" if kind == "list" else "body")
            )
            paragraphs.append(Paragraph(plain, spans, paragraph_kind))
    if not meta.title:
        meta.title = fallback_title
        meta.warnings.append("no title in the front matter and no '# heading'; used the file name")
    return meta.article(meta.title, tuple(paragraphs), "markdown", meta.warnings)
