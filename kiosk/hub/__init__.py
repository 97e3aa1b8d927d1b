"""The province hub: PostgreSQL above the centres' SQLite servers (docs/hub.md).

Stateless processes (FastAPI on uvicorn) share one PostgreSQL database: every request takes a
connection from the pool, and whatever must be serialised (one centre's pushes) is serialised
by row locks in the database, never by process memory.
"""
