"""Version 1 of the HTTP API; `routers` lists every resource router."""
