FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
RUN pip install . && useradd --create-home paybot && mkdir -p /data && chown paybot /data

USER paybot
ENV DB_URL=sqlite+aiosqlite:////data/paybot.sqlite3
VOLUME ["/data"]
EXPOSE 8080
CMD ["python", "-m", "bot", "run"]
