"""Request and response models, one module per bounded context."""
