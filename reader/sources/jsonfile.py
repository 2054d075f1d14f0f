"""JSON articles (`.json`): one article object, a list of them, or {"articles": [...]}.

The fields are those of the Markdown front matter (title, date, source, authors, tags, language,
direction, url, caption, credit) plus `body`: a string (paragraphs split on blank lines) or a
list whose items are strings or {"text": ..., "kind": ...} objects; `paragraphs` is an alias.

A file holding a list is several articles. Their paths are `file.json#N` (N from 0), the form
`reader list` prints and `load_article` accepts; `file.json` alone means its first article. An item
that is not an article object is an error of its own (`file.json#N`), not of the whole file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reader.i18n import N_
from reader.model import Article, ArticleError, Paragraph, ParagraphKind
from reader.sources.fields import Meta, read_meta
from reader.text.sanitize import valid_text

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_KINDS: frozenset[str] = frozenset(("body", "heading", "quote", "list"))


def _number(text: str) -> float | int:
    # Python refuses to convert integers over 4,300 digits (a hostile "1 GB" length field);
    # such numbers are never article content, so they become infinity instead of an error.
    return int(text) if len(text) <= 100 else float("inf")


def load_json(text: str) -> Any:
    """Parsed JSON, or ArticleError with the position of the problem."""
    try:
        return json.loads(text, parse_int=_number)
    except RecursionError:
        raise ArticleError(N_("JSON nested too deeply to be an article")) from None
    except json.JSONDecodeError as error:
        raise ArticleError(
            f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:
        raise ArticleError(f"invalid JSON: {error}") from None


def _kind_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _paragraphs(body: object, warnings: list[str]) -> tuple[Paragraph, ...]:
    # JSON escapes can spell lone surrogates ("\ud800"): replaced here, where the text enters.
    if isinstance(body, str):
        parts = _BLANK_LINES.split(valid_text(body).replace("\r\n", "\n"))
        return tuple(Paragraph(p.strip("\n").rstrip()) for p in parts if p.strip())
    if not isinstance(body, list):
        warnings.append(f"'body' should be text or a list of paragraphs, not {_kind_name(body)}")
        return ()
    out: list[Paragraph] = []
    skipped = 0
    for item in body:
        if isinstance(item, str):
            if item.strip():
                out.append(Paragraph(valid_text(item.rstrip())))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            kind = item.get("kind", "body")
            paragraph_kind: ParagraphKind = kind if kind in _KINDS else "body"
            out.append(Paragraph(valid_text(item["text"].rstrip()), (), paragraph_kind))
        else:
            skipped += 1
    if skipped:
        warnings.append(f"{skipped} paragraph(s) in 'body' were not text and were skipped")
    return tuple(out)


def article_from_object(data: object, *, fallback_title: str = "") -> Article:
    """One article from a decoded JSON value; ArticleError when it is not an object."""
    if not isinstance(data, dict):
        raise ArticleError(f"expected an article object, found {_kind_name(data)}")
    meta = read_meta(data, Meta())
    warnings = meta.warnings
    body = data.get("body", data.get("paragraphs", data.get("text")))
    paragraphs = _paragraphs(body, warnings) if body is not None else ()
    if body is None:
        warnings.append("no 'body': the article has no paragraphs")
    title = " ".join(meta.title.split())
    if not title:
        title = fallback_title
        warnings.append("no 'title'; used the file name")
    return meta.article(title, paragraphs, "json", warnings)


def parse_json_all(text: str, *, fallback_title: str = "") -> list[Article | ArticleError]:
    """Every article of a JSON file, in order; items that are not articles are errors."""
    if not text.strip():
        raise ArticleError(N_("empty file (no text)"))
    data = load_json(text)
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list):
        return [article_from_object(data, fallback_title=fallback_title)]
    if not data:
        raise ArticleError(N_("a JSON list with no articles"))
    results: list[Article | ArticleError] = []
    for index, item in enumerate(data):
        try:
            results.append(article_from_object(item, fallback_title=f"{fallback_title}#{index}"))
        except ArticleError as error:
            results.append(error)
    return results


def parse_json(text: str, *, fallback_title: str = "", index: int = 0) -> Article:
    """Article number `index` of a JSON file (the first by default)."""
    results = parse_json_all(text, fallback_title=fallback_title)
    if not 0 <= index < len(results):
        raise ArticleError(f"no article #{index}: the file holds {len(results)}")
    result = results[index]
    if isinstance(result, ArticleError):
        raise result
    return result
