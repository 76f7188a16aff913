"""Kumppani's domain: plain Python entities, rules and use cases, with ports for all I/O."""
