"""Store stage: an embedded SQLite file by default."""

from newsledger.store.sqlite import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    QueryError,
    Store,
    StoreError,
    article_filters,
    fts_query,
    source_columns,
)

DEFAULT_DB = "newsledger.db"

__all__ = [
    "DEFAULT_DB", "MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "QueryError", "Store", "StoreError", "article_filters",
    "fts_query", "source_columns",
]
