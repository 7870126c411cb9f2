"""What a typed search shows: the services it found (the same buttons as a category's list, so
a press opens the service exactly as choosing it there does), or the categories with a word on
why nothing is listed."""

from __future__ import annotations

from html import escape

from bot.paylov.models import Category, Service
from bot.payments.search import NotAQuery
from bot.telegram import catalogue_texts as words
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.screens import Screen, Texts
from bot.telegram.screens import payment as payment_screens


def found(texts: Texts, query: str, services: list[Service], total: int) -> Screen:
    choices = [
        (words.service_name(texts, s.name), PayCb(action=PayAction.SERVICE, arg=s.service_id))
        for s in services
    ]
    # Back on a found list goes to the categories (the draft names no category).
    categories = kb.button(texts.get("search-all-categories"), PayCb(action=PayAction.BACK))
    cancel = kb.button(texts.get("btn-cancel"), PayCb(action=PayAction.CANCEL))
    markup = kb.choice_list(choices, extra_rows=[[categories, cancel]])
    text = texts.get("search-found", query=escape(query), count=len(services))
    if total > len(services):
        text = f"{text}\n{texts.get('search-more', shown=len(services), total=total)}"
    return Screen(text, markup)


def nothing_found(texts: Texts, query: str, categories: list[Category]) -> Screen:
    notice = texts.get("search-nothing", query=escape(query))
    return payment_screens.categories(texts, categories).under(notice)


_NOT_A_QUERY_KEYS = {NotAQuery.TOO_SHORT: "search-too-short", NotAQuery.TOO_LONG: "search-too-long"}


def not_a_query(texts: Texts, why: NotAQuery, categories: list[Category]) -> Screen:
    notice = texts.get(_NOT_A_QUERY_KEYS[why])
    return payment_screens.categories(texts, categories).under(notice)
