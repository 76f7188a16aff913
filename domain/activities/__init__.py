"""activities context."""
