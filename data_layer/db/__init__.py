"""Connections to the stores: the SQLAlchemy engine, Alembic migrations, MongoDB collections."""
