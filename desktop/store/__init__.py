"""The local store: SQLAlchemy over one SQLite file; no Qt here."""

from desktop.store.db import SCHEMA_VERSION, Store, StoreError, open_store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "open_store"]
