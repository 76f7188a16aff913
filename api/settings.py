"""Settings from environment variables (prefix KUMPPANI_); see README for the list."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from uuid import UUID

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-key-change-me-in-production-0123456789"  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KUMPPANI_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'kumppani.db'}"
    db_pool_size: int = Field(default=10, ge=1, le=200)
    secret_key: str = DEV_SECRET
    jwt_issuer: str = "kumppani"
    jwt_audience: str = "kumppani-api"
    access_token_minutes: int = Field(default=15, ge=1, le=120)
    login_rate_per_account: str = "10/5 minutes"
    login_rate_per_address: str = "50/5 minutes"
    # How long a process may reuse a user's loaded access rights (0 = load on every request).
    principal_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    # "memory://" is per process; use "redis://host:6379" when running several API processes.
    rate_limit_storage: str = "memory://"
    spa_dir: Path = ROOT / "frontend" / "dist"
    log_level: str = "INFO"
    log_json: bool = True
    cors_origins: list[str] = []
    # Mail: None disables sending (outbox messages wait, nothing is lost). STARTTLS upgrades a
    # plain connection (port 587); use_tls is TLS from the first byte (port 465).
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_use_tls: bool = False
    smtp_timeout: float = Field(default=30.0, gt=0, le=300)
    smtp_from: str = "kumppani@localhost"
    # The address users open Kumppani at: links in emails are made absolute with it.
    public_base_url: str = "http://127.0.0.1:8000"
    run_migrations_on_start: bool = False
    # Customer service: the account unknown callers' requests go to (unset: the account named
    # "_Asiakaspalvelun yleisasiakas", if any), and the working hours after which an
    # unacknowledged delegation is reminded and a call-back falls due.
    general_customer_account_id: UUID | None = None
    delegation_reminder_working_hours: float = Field(default=4.0, gt=0, le=400)
    callback_due_working_hours: float = Field(default=4.0, gt=0, le=400)
    # Sales projects: a project is stalled when no stage has been completed for this many days.
    stalled_project_days: int = Field(default=60, ge=1, le=3650)
    # Offers: an offer without a validity date is valid this many days from its date.
    offer_validity_days: int = Field(default=30, ge=1, le=1096)
    # Leads: the default SLA (working days of office hours, Finnish calendar) and the working
    # hours before the due time when a lead is at risk; the public web form's rate limits
    # (per form and client address, and per form) and largest accepted body.
    lead_sla_working_days: float = Field(default=2.0, gt=0, le=60)
    lead_sla_at_risk_working_hours: float = Field(default=4.0, ge=0, le=160)
    lead_form_rate_per_address: str = "5/10 minutes"
    lead_form_rate_per_form: str = "300/hour"
    lead_form_max_bytes: int = Field(default=16_384, ge=1024, le=1_048_576)
    # Care plans: how far ahead the generation job schedules the touches, and the days after
    # a touch's due day before compliance counts it missed.
    care_plan_horizon_days: int = Field(default=90, ge=1, le=730)
    care_plan_grace_days: int = Field(default=0, ge=0, le=60)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


class SettingsError(RuntimeError):
    """Settings that cannot work; the message says what to set."""


def check_production(settings: Settings) -> None:
    """Production refuses to start on development defaults."""
    if not settings.is_production:
        return
    problems = []
    if settings.secret_key == DEV_SECRET or len(settings.secret_key) < 32:
        problems.append(
            "KUMPPANI_SECRET_KEY must be set to a random value of at least 32 characters "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    if settings.database_url.startswith("sqlite"):
        problems.append(
            "KUMPPANI_DATABASE_URL must point to PostgreSQL in production, e.g. "
            "postgresql+asyncpg://kumppani:PASSWORD@db-host:5432/kumppani."
        )
    if problems:
        raise SettingsError(
            "Kumppani will not start in production mode:\n- " + "\n- ".join(problems)
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
