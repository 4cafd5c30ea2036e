"""A store under test: a real SQLite file or PostgreSQL database, migrated to the head."""

from tests.databases import database

__all__ = ["database"]
