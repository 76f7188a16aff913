"""What the per-figure benchmarks share: a timed figure with its target, signing in as a
demo user, and timing one GET repeatedly (bench.service and bench.sales)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from api.demo import DEMO_PASSWORD
from bench.run import API, BenchError, pct


@dataclass
class Figure:
    user: str
    name: str
    target_ms: float
    latencies: list[float] = field(default_factory=list)
    detail: str = ""
    errors: int = 0

    @property
    def p50(self) -> float:
        return pct(self.latencies, 50)

    @property
    def p95(self) -> float:
        return pct(self.latencies, 95)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and bool(self.latencies) and self.p95 <= self.target_ms

    def summary(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "figure": self.name,
            "detail": self.detail,
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "target_p95_ms": self.target_ms,
            "errors": self.errors,
            "ok": self.ok,
        }


async def sign_in(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    r = await client.post(f"{API}/auth/token", json={"email": email, "password": DEMO_PASSWORD})
    if r.status_code != 200:
        raise BenchError(f"sign-in as {email} failed: {r.status_code} {r.text[:300]}")
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def timed(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, params: dict[str, Any]
) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    r = await client.get(path, params=params, headers=headers)
    return time.perf_counter() - started, r


async def measure(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    fig: Figure,
    path: str,
    params: dict[str, Any],
    repeat: int,
    *,
    warmup: int = 0,
) -> httpx.Response:
    """GET `path` `warmup` times untimed, then `repeat` times into `fig`; an answer other
    than 200 counts as an error and is kept in the figure's detail."""
    last: httpx.Response | None = None
    for i in range(warmup + repeat):
        elapsed, last = await timed(client, headers, path, params)
        if last.status_code != 200:
            fig.errors += 1
            fig.detail = f"{last.status_code} {last.text[:200]}"
        elif i >= warmup:
            fig.latencies.append(elapsed)
    assert last is not None
    return last
