# syntax=docker/dockerfile:1
#
# Kumppani: the API and the built web app in one image.
#
#   docker build -t kumppani .
#   docker run --rm -p 8000:8000 \
#     -e KUMPPANI_DATABASE_URL=postgresql+asyncpg://kumppani:PASSWORD@db:5432/kumppani \
#     -e KUMPPANI_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')" \
#     -e KUMPPANI_RUN_MIGRATIONS_ON_START=true \
#     kumppani
#
# The entrypoint is the `kumppani` command, so the same image runs the other commands too:
#   docker run --rm --env-file kumppani.env kumppani migrate
#   docker run --rm --env-file kumppani.env kumppani worker
#   docker run --rm -it --env-file kumppani.env kumppani create-admin
# See docs/operations.md.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------- 1. the web app
FROM ${NODE_IMAGE} AS frontend
WORKDIR /src/frontend
# Dependencies first, so that source changes do not reinstall them.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY openapi/ /src/openapi/
COPY frontend/ ./
RUN npm run build

# ---------------------------------------------------------------- 2. the Python environment
FROM ${PYTHON_IMAGE} AS python-build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/kumppani
ENV PATH=/opt/kumppani/bin:$PATH
# Pinned dependencies first (the slow layer), then the project itself without dependencies.
COPY requirements/base.txt /src/requirements/base.txt
RUN pip install -r /src/requirements/base.txt
COPY pyproject.toml README.md /src/
COPY api/ /src/api/
COPY domain/ /src/domain/
COPY persistence/ /src/persistence/
COPY migrations/ /src/migrations/
# A regular (non-editable) install: migrations/ (alembic.ini, env.py, script.py.mako,
# versions/) lands in site-packages next to persistence/, where persistence/migrate.py looks.
RUN pip install --no-deps /src \
 && cd /tmp \
 && python -c "import persistence.migrate as m; \
assert all((m.MIGRATIONS / f).exists() for f in ('alembic.ini', 'env.py', 'script.py.mako', 'versions/')), m.MIGRATIONS; \
assert list((m.MIGRATIONS / 'versions').glob('*.py')), 'no migration scripts'"

# ---------------------------------------------------------------- 3. the runtime image
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Kumppani" \
      org.opencontainers.image.description="Open-source CRM" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

RUN groupadd --system --gid 10001 kumppani \
 && useradd --system --uid 10001 --gid kumppani --home-dir /var/lib/kumppani --create-home \
      --shell /usr/sbin/nologin kumppani

COPY --from=python-build /opt/kumppani /opt/kumppani
COPY --from=frontend /src/frontend/dist /opt/kumppani/share/web

# Production by default: the process refuses to start without KUMPPANI_SECRET_KEY and a
# PostgreSQL KUMPPANI_DATABASE_URL. The SQLite URL below is only for trying the image out
# with KUMPPANI_ENVIRONMENT=development (mount a volume at /var/lib/kumppani to keep it).
ENV PATH=/opt/kumppani/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KUMPPANI_ENVIRONMENT=production \
    KUMPPANI_DATABASE_URL=sqlite+aiosqlite:////var/lib/kumppani/kumppani.db \
    KUMPPANI_SPA_DIR=/opt/kumppani/share/web \
    KUMPPANI_RUN_MIGRATIONS_ON_START=false \
    KUMPPANI_LOG_JSON=true

USER kumppani
WORKDIR /var/lib/kumppani
EXPOSE 8000

# Liveness only; load balancers should also use /readyz (database reachable and migrated).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# With KUMPPANI_RUN_MIGRATIONS_ON_START=true, `serve` runs `kumppani migrate` before listening
# (fine for one container; with several replicas run `kumppani migrate` once per deploy).
ENTRYPOINT ["kumppani"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
