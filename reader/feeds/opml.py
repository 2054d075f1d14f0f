"""OPML: the subscription lists every feed reader imports and exports.

Reading is for untrusted files: defusedxml refuses entity declarations (no expansion bomb, no
external entity naming a local file is ever resolved), the size is capped, the tree is walked
without recursion, and every title and tag is cleaned of escape sequences and bidi controls.
A nested outline's feeds take the titles of the folders around them as tags (the innermost
`MAX_FOLDER_TAGS`), plus the tags of their own OPML 2.0 `category` attribute.

Writing gives OPML 2.0: feeds in the order given, each run of feeds with the same first tag inside
a folder outline of that name (what other readers show as folders), every tag in `category`, so
that reading the export gives the same subscriptions back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.feeds.subscriptions import MAX_FIELD_LENGTH, FeedError, Subscription, check_url, url_key
from reader.text.sanitize import clean_line, valid_text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: An OPML file larger than this is refused (100,000 feeds take about 20 MB).
MAX_OPML_BYTES = 32 * 1024 * 1024
#: Folder titles taken as tags, the innermost first kept.
MAX_FOLDER_TAGS = 8
#: Tags kept on one feed.
MAX_TAGS = 64

# Characters XML 1.0 does not allow at all: removed before writing.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _local(tag: object) -> str:
    """An element's name without its namespace (`{ns}outline` -> `outline`)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _field(text: str | None) -> str:
    return clean_line((text or "")[: MAX_FIELD_LENGTH * 4])[:MAX_FIELD_LENGTH]


def _parse(data: bytes) -> Element:
    """The root element; raises FeedError in one line for anything but well-formed XML."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    import defusedxml.ElementTree

    if len(data) > MAX_OPML_BYTES:
        raise FeedError(f"the OPML file is larger than {MAX_OPML_BYTES >> 20} MB")
    try:
        root: Element = defusedxml.ElementTree.fromstring(data)
    except defusedxml.DefusedXmlException:
        raise FeedError(
            "the OPML file declares XML entities or external references; refused "
            "(they can read local files or expand without end)"
        ) from None
    except ParseError as error:
        raise FeedError(f"not valid XML: {_field(str(error))}") from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise FeedError(f"not valid XML: {_field(str(error)) or type(error).__name__}") from None
    return root


def read_opml(data: bytes, *, notices: list[str] | None = None) -> list[Subscription]:
    """The feeds of an OPML document, in document order, each once.

    An outline with an `xmlUrl` is a feed (title from `title`, else `text`; None when that is
    only the address); one without is a folder whose title tags the feeds inside it. A feed
    listed twice is kept once with the tags of both. A feed whose address `check_url` refuses is
    skipped, with a line in `notices` when a list is given. Raises FeedError (one line) for a
    document that is too large, not well-formed, declares entities, or is not OPML.
    """
    root = _parse(data)
    if _local(root.tag) != "opml":
        raise FeedError(f"not an OPML file (it starts with <{_field(_local(root.tag))[:40]}>)")
    found: dict[str, tuple[Subscription, dict[str, None]]] = {}
    number = 0
    stack: list[tuple[Element, tuple[str, ...]]] = [
        (child, ()) for body in root if _local(body.tag) == "body" for child in body
    ]
    stack.reverse()
    while stack:  # depth first, in document order, without recursion
        element, tags = stack.pop()
        if _local(element.tag) != "outline":
            continue
        attributes = {name.lower(): value for name, value in element.attrib.items()}
        url = attributes.get("xmlurl")
        if url is not None:
            number += 1
            _add_feed(found, url.strip(), attributes, tags, number, notices)
            continue
        folder = _field(attributes.get("text") or attributes.get("title"))
        inner = (*tags, folder)[-MAX_FOLDER_TAGS:] if folder else tags
        stack.extend((child, inner) for child in reversed(element))
    return [subscription._replace(tags=tuple(tags)) for subscription, tags in found.values()]


def _add_feed(
    found: dict[str, tuple[Subscription, dict[str, None]]],
    url: str,
    attributes: dict[str, str],
    folders: tuple[str, ...],
    number: int,
    notices: list[str] | None,
) -> None:
    problem = check_url(url)
    if problem is not None:
        if notices is not None:
            notices.append(f"feed {number}: {problem}; skipped")
        return
    tags = dict.fromkeys(folders)
    for category in (attributes.get("category") or "").split(","):
        tag = _field(category.strip().strip("/"))
        if tag:
            tags[tag] = None
    key = url_key(url)
    if key in found:
        for tag in tags:
            if len(found[key][1]) < MAX_TAGS:
                found[key][1][tag] = None
        return
    title = _field(attributes.get("title") or attributes.get("text")) or None
    if title == url:
        title = None
    found[key] = (Subscription(url, title=title), dict.fromkeys(list(tags)[:MAX_TAGS]))


def _xml(text: str) -> str:
    """`text` as XML 1.0 can hold it: lone surrogates and forbidden controls removed."""
    return _NOT_XML.sub("", valid_text(text))


def write_opml(subscriptions: Iterable[Subscription], title: str = "reader") -> str:
    """An OPML 2.0 document listing `subscriptions` (see the module's docstring)."""
    from xml.etree import ElementTree

    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = _field(title) or "reader"
    body = ElementTree.SubElement(root, "body")
    folder: Element | None = None
    for subscription in subscriptions:
        tags = [_xml(_field(tag)) for tag in subscription.tags]
        tags = [tag for tag in dict.fromkeys(tags) if tag]
        parent = body
        if tags:
            if folder is None or folder.get("text") != tags[0]:
                folder = ElementTree.SubElement(body, "outline", text=tags[0], title=tags[0])
            parent = folder
        else:
            folder = None
        url = _xml(subscription.url)
        name = _xml(_field(subscription.title))
        attributes = {"type": "rss", "text": name or url}
        if name:
            attributes["title"] = name
        attributes["xmlUrl"] = url
        if tags:
            attributes["category"] = ",".join(tags)
        ElementTree.SubElement(parent, "outline", attributes)
    ElementTree.indent(root, space="  ")
    text = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'
