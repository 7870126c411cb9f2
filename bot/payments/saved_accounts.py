"""Rules for the names of saved accounts."""

from __future__ import annotations

# Shorter than the column allows: a name is shown as a button label and in one-line lists.
NAME_MAX = 64
_ELLIPSIS = "…"
# Below this many characters a shortened service name says nothing; cut the whole name instead.
_SHORTEST_SERVICE = 8


def clean_name(text: str) -> str | None:
    """A typed name tidied to one line; None when empty or longer than NAME_MAX."""
    name = " ".join(text.split())
    if not name or len(name) > NAME_MAX:
        return None
    return name


def default_name(service_name: str, account_label: str) -> str:
    """The suggested name: service and account ("Плата за электроэнергию 1000000").

    A long service name is shortened rather than the account, which tells accounts apart.
    """
    service = " ".join(service_name.split())
    label = " ".join(account_label.split())
    name = f"{service} {label}".strip()
    if len(name) <= NAME_MAX:
        return name
    room = NAME_MAX - len(label) - len(_ELLIPSIS) - 1
    if room >= _SHORTEST_SERVICE:
        return f"{service[:room].rstrip()}{_ELLIPSIS} {label}"
    return name[: NAME_MAX - len(_ELLIPSIS)].rstrip() + _ELLIPSIS
