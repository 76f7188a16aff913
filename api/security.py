"""Passwords (argon2id), access tokens (JWT, one pinned algorithm) and login rate limits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from jose import JWTError, jwt
from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.settings import Settings
from domain.shared import Unauthenticated

ALGORITHM = "HS256"  # pinned: tokens naming any other algorithm are refused
MAX_TOKEN_LENGTH = 4096


class Argon2Passwords:
    """The PasswordHasher port on pwdlib's argon2id."""

    def __init__(self) -> None:
        self._hash = PasswordHash((Argon2Hasher(),))

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, hashed: str) -> bool:
        try:
            return bool(self._hash.verify(password, hashed))
        except Exception:  # a malformed stored hash is a failed login, never a crash
            return False


class TokenService:
    def __init__(self, settings: Settings) -> None:
        self.secret = settings.secret_key
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.lifetime = timedelta(minutes=settings.access_token_minutes)

    def issue(self, user_id: UUID, now: datetime) -> tuple[str, int]:
        claims = {
            "sub": str(user_id),
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + self.lifetime).timestamp()),
            "iss": self.issuer,
            "aud": self.audience,
            "typ": "access",
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM), int(
            self.lifetime.total_seconds()
        )

    def verify(self, token: str) -> UUID:
        if len(token) > MAX_TOKEN_LENGTH:
            raise Unauthenticated("The access token is too long.")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={
                    "require_exp": True,
                    "require_iat": True,
                    "require_sub": True,
                    "require_aud": True,
                    "require_iss": True,
                },
            )
            if claims.get("typ") != "access":
                raise Unauthenticated("This is not an access token.")
            return UUID(str(claims["sub"]))
        except (JWTError, ValueError, KeyError) as exc:
            raise Unauthenticated("The access token is not valid or has expired.") from exc


class LoginLimiter:
    """Moving-window limits per account and per client address. Storage is per process by
    default; point KUMPPANI_RATE_LIMIT_STORAGE at Redis to share it between processes."""

    def __init__(self, settings: Settings) -> None:
        uri = settings.rate_limit_storage
        storage = storage_from_string(uri if uri.startswith("async+") else f"async+{uri}")
        if not isinstance(storage, Storage):
            raise TypeError(f"{uri} is not an async rate-limit storage")
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.per_account: RateLimitItem = parse(settings.login_rate_per_account)
        self.per_address: RateLimitItem = parse(settings.login_rate_per_address)

    async def hit(self, account: str, address: str) -> int | None:
        """Count one attempt; return seconds to wait when over a limit, else None."""
        checks = (
            (self.per_account, "account", account.strip().lower()),
            (self.per_address, "address", address),
        )
        for item, kind, key in checks:
            if not await self.limiter.hit(item, "login", kind, key):
                stats = await self.limiter.get_window_stats(item, "login", kind, key)
                return max(1, int(stats.reset_time - datetime.now().timestamp()) + 1)
        return None

    async def reset(self) -> None:
        await self.storage.reset()
