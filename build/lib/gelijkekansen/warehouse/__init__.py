"""The DuckDB warehouse: connection, writer lock, atomic transactions, SQL models, run log."""
