"""Read-model queries for list screens and feeds; each starts from `scoping.readable`."""
