"""A live session's store under test: a real SQLite file or PostgreSQL database, migrated."""

from tests.databases import database

__all__ = ["database"]
