"""The HTTP edge: FastAPI app factory (composition root), versioned routers, auth, CLI."""
