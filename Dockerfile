FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
# postgres and redis: what the scaled shape needs (docker-compose.yml); SQLite needs nothing.
RUN pip install ".[postgres,redis]" && useradd --create-home --uid 10001 paybot \
    && mkdir -p /data && chown paybot /data

USER paybot
ENV DB_URL=sqlite+aiosqlite:////data/paybot.sqlite3
VOLUME ["/data"]
# 8080: the webhook server (BOT_WEBHOOK_PORT); 9090: /healthz, /readyz, /metrics in polling mode.
EXPOSE 8080 9090
# Alive or not, from /healthz: on the webhook server in webhook mode, else on OPS_PORT. Slim
# images have no curl; python's urllib does. Reads the environment (docker's env-file), not a
# .env inside the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "-c", \
    "import os, urllib.request; webhook = os.environ.get('BOT_MODE') == 'webhook'; port = os.environ.get('BOT_WEBHOOK_PORT', '8080') if webhook else os.environ.get('OPS_PORT', '9090'); urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"]
CMD ["python", "-m", "bot", "run"]
