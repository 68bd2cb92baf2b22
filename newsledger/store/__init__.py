"""Store stage: an embedded SQLite file by default, or a PostgreSQL database (a postgresql:// URL)."""

from newsledger.store.sqlite import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    QueryError,
    SearchSyntaxError,
    Store,
    StoreError,
    article_filters,
    fts_query,
    is_postgres_url,
    source_columns,
)

DEFAULT_DB = "newsledger.db"

__all__ = [
    "DEFAULT_DB", "MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "QueryError", "SearchSyntaxError", "Store", "StoreError",
    "article_filters", "fts_query", "is_postgres_url", "source_columns",
]
