"""Store stage: an embedded SQLite file by default."""

from newsledger.store.sqlite import Store, StoreError, fts_query, source_columns

DEFAULT_DB = "newsledger.db"

__all__ = ["DEFAULT_DB", "Store", "StoreError", "fts_query", "source_columns"]
