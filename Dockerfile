# One image for every role: `scene api`, `scene ui`, `scene worker`, `scene migrate`, `scene seed`.
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
COPY alembic ./alembic
COPY alembic.ini ./
COPY seeds ./seeds
RUN uv sync --frozen --no-dev

FROM python:3.11-slim AS runtime
RUN groupadd --system scene && useradd --system --gid scene --home /app --shell /usr/sbin/nologin scene
WORKDIR /app
COPY --from=build --chown=scene:scene /app /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    SCENE_HOST=0.0.0.0 \
    SCENE_ALEMBIC_INI=/app/alembic.ini \
    SCENE_LOG_JSON=true
USER scene
EXPOSE 8000 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('SCENE_HEALTH_PORT', '8000') + '/health/live')"
ENTRYPOINT ["scene"]
CMD ["api"]
