"""Paylov's catalogue in the customer's language: the one place that looks its names up.

Paylov's catalogue comes in Russian only, and some of its titles are raw names (`saldo`,
`bypass_indication`). Categories, optional service names, account fields and `info` response
fields are worded in `locales/<lang>/catalogue.ftl` under keys built from Paylov's own names:

    catalogue-category-<name>            Коммунальные услуги → catalogue-category-kommunalnye-uslugi
    catalogue-service-<name>             Плата за электроэнергию → catalogue-service-plata-za-…
    catalogue-field-<name>               customer_code → catalogue-field-customer_code
    catalogue-info-<name>                saldo → catalogue-info-saldo
    catalogue-postfix-<unit>             UZS → catalogue-postfix-uzs

A field or response field is first looked up with its Paylov title as a qualifier
(`catalogue-info-fio--abonent`: the `fio` an internet provider calls "Абонент" reads
"Subscriber", not "Full name"), then by its name alone. Whatever has no text, or a name that
cannot make a key, is shown as Paylov titles it: nothing is ever lost to a missing mapping.

Names are normalised (Unicode NFKC, lower case, Cyrillic transliterated to Latin, every run of
other characters one `-`), so a key is always a valid Fluent identifier or there is none.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from aiogram_i18n.exceptions import KeyNotFoundError

from bot.paylov.models import Category, ServiceField
from bot.payments.form import LabelledValue, TitleOf
from bot.telegram.screens import Texts

PREFIX = "catalogue"
QUALIFIER_SEPARATOR = "--"
# Longer names are not worth a key (and a Fluent id that long is no one's to write).
MAX_NAME_LENGTH = 64

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Uzbek Cyrillic
    "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h",
}  # fmt: skip
_NOT_KEY = re.compile(r"[^a-z0-9_]+")


class Kind(StrEnum):
    CATEGORY = "category"
    SERVICE = "service"
    FIELD = "field"
    INFO = "info"
    POSTFIX = "postfix"


def normalised(name: str) -> str:
    """A Paylov name as a piece of a Fluent key: `[a-z0-9_-]`, no `-` at either end; "" when
    nothing of it is left or it is too long."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = "".join(_CYRILLIC.get(char, char) for char in text)
    text = _NOT_KEY.sub("-", text).strip("-")
    return text if len(text) <= MAX_NAME_LENGTH else ""


def key_of(kind: Kind, name: str, qualifier: str | None = None) -> str | None:
    """The Fluent key of a Paylov name (with its title as a qualifier), or None."""
    base = normalised(name)
    if not base:
        return None
    key = f"{PREFIX}-{kind.value}-{base}"
    if qualifier is None:
        return key
    extra = normalised(qualifier)
    return f"{key}{QUALIFIER_SEPARATOR}{extra}" if extra else None


def lookup(texts: Texts, kind: Kind, name: str, fallback: str, *, title: str | None = None) -> str:
    """The customer's-language text of a Paylov name: qualified by `title` first, then by
    name alone; `fallback` (Paylov's own title) without either."""
    keys = [key_of(kind, name, title)] if title else []
    keys.append(key_of(kind, name))
    for key in keys:
        if key is None:
            continue
        try:
            return texts.get(key)
        except KeyNotFoundError:
            continue
    return fallback


def category_name(texts: Texts, category: Category) -> str:
    return lookup(texts, Kind.CATEGORY, category.name, category.name)


def service_name(texts: Texts, name: str) -> str:
    """A service's name as Paylov gives it, unless catalogue.ftl words it (Paylov's Russian
    descriptions); brand names (Beeline, Uzonline) have no mapping and stay."""
    return lookup(texts, Kind.SERVICE, name, name)


def field_title(texts: Texts, field: ServiceField) -> str:
    fallback = field.title or field.name
    return lookup(texts, Kind.FIELD, field.name, fallback, title=field.title)


def postfix(texts: Texts, unit: str) -> str:
    """A unit after a value: Paylov's "UZS" reads so'm / сум / sum."""
    return lookup(texts, Kind.POSTFIX, unit, unit)


def title(texts: Texts, item: LabelledValue) -> str:
    """The title of an account row (a field) or a preview row (a response field)."""
    if item.of is None or not item.name:
        return item.title
    kind = Kind.FIELD if item.of is TitleOf.FIELD else Kind.INFO
    return lookup(texts, kind, item.name, item.title, title=item.title)
