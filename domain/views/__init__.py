"""views context."""
