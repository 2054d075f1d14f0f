"""Article sources: files on disk to `reader.model.Article`, one module per format.

The format comes from the extension (`.txt`, `.md`/`.markdown`, `.json`, `.html`/`.htm`); files
without a known extension are read as plain text.

Every failure is an `ArticleError` (a `SourceError` carrying the path) with a one-line reason:
missing, directory, permission, binary, empty, too large, unparseable.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reader.model import Article, ArticleError
from reader.sources.decode import decode
from reader.sources.files import SourceError, display_path, read_bytes
from reader.sources.text import parse_text

__all__ = ["SourceError", "display_path", "load_article"]


def load_article(path: Path) -> Article:
    """Read and parse one article file. Raises ArticleError with a clear one-line message."""
    path = Path(path)
    data = read_bytes(path)
    try:
        decoded = decode(data)
        article = parse_text(decoded.text, fallback_title=path.stem)
    except SourceError:
        raise
    except ArticleError as error:
        raise SourceError(path, str(error)) from None
    return dataclasses.replace(
        article,
        path=path,
        encoding=decoded.encoding,
        warnings=decoded.warnings + article.warnings,
    )
