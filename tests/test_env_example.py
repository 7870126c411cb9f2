"""`.env.example` documents every setting the bot reads."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from bot.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def _names(section: type[BaseSettings]) -> set[str]:
    """The environment names a section reads (the first alias where a field has several)."""
    prefix = str(section.model_config.get("env_prefix", ""))
    names = set()
    for field_name, field in section.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.add(str(alias.choices[0]).upper())
        else:
            names.add(f"{prefix}{field_name}".upper())
    return names


def test_every_setting_is_in_the_env_example() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    wanted: set[str] = set()
    for field_name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseSettings):
            wanted |= _names(section)
        else:
            wanted.add(field_name.upper())
    assert wanted - documented == set()
