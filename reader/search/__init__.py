"""Arabic-aware search: normalization, query matching and the FTS5 index.

How the UI uses this::

    from reader.search import Query, SearchIndex, find_spans
    index = SearchIndex.open(path_or_None)                  # SearchUnavailableError without FTS5
    index.sync(files, reader.sources.load_all)              # in a worker; incremental
    hits = index.search(box_text, partial=True, snippets=False, ranked=False)  # narrow the list
    spans = find_spans(paragraph.text, Query.parse(box_text))     # highlights, n/N
"""

from reader.search.index import Hit, SearchIndex, SyncStats
from reader.search.match import Query, find_spans
from reader.search.normalize import normalize, normalize_with_map, word_forms
from reader.search.tables import SearchUnavailableError, ensure_fts5
from reader.search.terms import SyncCancelled

__all__ = [
    "Hit",
    "Query",
    "SearchIndex",
    "SearchUnavailableError",
    "SyncCancelled",
    "SyncStats",
    "ensure_fts5",
    "find_spans",
    "normalize",
    "normalize_with_map",
    "word_forms",
]
