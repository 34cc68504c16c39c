"""The SQLAlchemy implementation of the store; the only place SQL lives."""
