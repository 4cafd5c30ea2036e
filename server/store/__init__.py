"""Storage: SQLAlchemy 2 async on SQLite (WAL) or PostgreSQL, Alembic migrations at start.

Every query that reads an athlete's object goes through `owned.get_owned`/`owned_rows`, scoped
by owner: another athlete's object is not found, exactly as if it did not exist.
"""

from server.store.database import Database, SimulatedCrash, open_database
from server.store.errors import Conflict, NotFound, StoreError

__all__ = ["Conflict", "Database", "NotFound", "SimulatedCrash", "StoreError", "open_database"]
