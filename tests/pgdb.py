"""Create or drop the throwaway PostgreSQL database of one test run (used by the Makefile)."""

from __future__ import annotations

import asyncio
import re
import sys

import asyncpg

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def main(action: str, name: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]{1,63}", name):
        raise SystemExit(f"unsafe database name: {name!r}")
    conn = await asyncpg.connect(ADMIN_DSN)
    try:
        if action == "create":
            await conn.execute(f'CREATE DATABASE "{name}"')
        else:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
