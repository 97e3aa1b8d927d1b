"""The local server: FastAPI on uvicorn over the same SQLite store. Handlers only translate."""
