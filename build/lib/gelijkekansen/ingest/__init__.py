"""Reading one quarterly extraction into the warehouse."""
