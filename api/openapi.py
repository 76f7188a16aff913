"""Render the OpenAPI contract deterministically (sorted keys, stable settings)."""

from __future__ import annotations

import json

from api.settings import Settings


def render() -> str:
    from api.app import create_app

    app = create_app(Settings(environment="test", log_json=False, log_level="WARNING"))
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
