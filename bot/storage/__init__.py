"""Storage: database models, Alembic migrations and the repositories the rest of the bot calls."""
