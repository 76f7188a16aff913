"""Repository adapters: they load and store whole domain entities."""
