"""docker-compose.yml, deploy/nginx.conf and the Dockerfile, checked by reading (Docker cannot
run here): every variable compose sets for the bot is a real setting, and the pieces agree."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import Settings
from tests.test_env_example import _names

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
NGINX = ROOT / "deploy" / "nginx.conf"
DOCKERFILE = ROOT / "Dockerfile"
BOT_SERVICES = ("bot-1", "bot-2")


def setting_names() -> set[str]:
    names: set[str] = set()
    for field_name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and hasattr(section, "model_config"):
            names |= _names(section)  # type: ignore[arg-type]
        else:
            names.add(field_name.upper())
    return names


def block(lines: list[str], key: str, indent: int) -> list[str]:
    """The lines under `key:` at this indentation (a YAML mapping's entry, read as text)."""
    prefix = " " * indent + key + ":"
    for start, line in enumerate(lines):
        if line.rstrip() == prefix or line.startswith(prefix + " "):
            body = []
            for following in lines[start + 1 :]:
                if following.strip() and not following.startswith(" " * (indent + 1)):
                    break
                body.append(following)
            return body
    raise AssertionError(f"no {key!r} at indentation {indent} in docker-compose.yml")


def environment(lines: list[str], indent: int) -> dict[str, str]:
    entries = {}
    for line in block(lines, "environment", indent):
        found = re.match(r"^\s+([A-Z][A-Z0-9_]*):\s*(.*)$", line)
        if found:
            entries[found.group(1)] = found.group(2).strip().strip('"')
    return entries


def compose_lines() -> list[str]:
    return [line for line in COMPOSE.read_text().splitlines() if not line.lstrip().startswith("#")]


def test_every_variable_compose_sets_for_the_bot_is_a_setting() -> None:
    lines = compose_lines()
    bot = block(lines, "x-bot", 0)
    env = environment(bot, 2)
    assert env, "the bot's environment is empty"
    assert set(env) - setting_names() == set()
    services = block(lines, "services", 0)
    for name in BOT_SERVICES:
        service = block(services, name, 2)
        assert "    <<: *bot" in service, f"{name} is not the bot"
        # A replica's own environment, if it gets one, must be settings too.
        if any(line.strip() == "environment:" for line in service):
            assert set(environment(service, 4)) - setting_names() == set()


def test_the_scaled_shape() -> None:
    env = environment(block(compose_lines(), "x-bot", 0), 2)
    assert env["BOT_MODE"] == "webhook"
    assert env["FSM_STORAGE"] == "redis"
    assert env["FSM_REDIS_URL"].startswith("redis://redis:")
    assert env["DB_URL"].startswith("postgresql+asyncpg://")
    assert "@postgres:5432/" in env["DB_URL"]
    # Values the settings accept as they are.
    settings = Settings.model_validate({})
    assert env["BOT_WEBHOOK_PATH"] == settings.telegram.webhook_path
    text = COMPOSE.read_text()
    assert "env_file: .env" in text  # secrets from a file, none written here
    for secret in ("BOT_TOKEN", "BOT_WEBHOOK_SECRET", "PAYLOV_ACCESS_TOKEN", "PAYLOV_PASSWORD"):
        assert secret not in env
    for service in ("postgres", "redis", "bot-1", "bot-2"):
        assert re.search(rf"^ +{service}:\n +condition: service_healthy$", text, re.M)


def test_nginx_sends_the_webhook_to_both_replicas() -> None:
    nginx = NGINX.read_text()
    env = environment(block(compose_lines(), "x-bot", 0), 2)
    for name in BOT_SERVICES:
        assert f"server {name}:{env['BOT_WEBHOOK_PORT']}" in nginx
    assert f"location = {env['BOT_WEBHOOK_PATH']} {{" in nginx
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf" in COMPOSE.read_text()


def test_the_image() -> None:
    dockerfile = DOCKERFILE.read_text()
    assert 'pip install ".[postgres,redis]"' in dockerfile
    assert re.search(r"^USER paybot$", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    env = environment(block(compose_lines(), "x-bot", 0), 2)
    for name in re.findall(r"os\.environ\.get\('([A-Z_]+)'", dockerfile):
        assert name in setting_names() or name == "OPS_PORT", name
    assert "BOT_WEBHOOK_PORT" in dockerfile and env["BOT_WEBHOOK_PORT"] == "8080"
