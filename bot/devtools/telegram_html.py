"""Telegram's HTML parse mode, as the Bot API applies it to message text.

Follows Telegram's own parser closely enough to reject what Telegram rejects: any `<` that
does not open or close a supported tag (e.g. an unescaped `<` from a provider name) is an error,
unknown tags are errors, and tags must close in order. Offsets are UTF-16 code units like
the Bot API's MessageEntity, so aiogram's `Message.html_text` can rebuild the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# tag -> entity type; `a`, `pre`, `code` and `span` get their details from attributes
_TAG_ENTITY: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
_TAG_NAME_RE = re.compile(r"[^\s>]*")
_ATTR_RE = re.compile(r"""\s*([a-zA-Z-]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")


class HtmlParseError(ValueError):
    """Telegram's "can't parse entities" error; the message is Telegram's own wording."""


@dataclass(frozen=True)
class Entity:
    """One formatting span, in UTF-16 code units like the Bot API's MessageEntity."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def as_api(self) -> dict[str, object]:
        """The Bot API JSON shape of this entity."""
        data: dict[str, object] = {"type": self.type, "offset": self.offset, "length": self.length}
        for key in ("url", "language", "custom_emoji_id"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class RenderedText:
    """Text as the user sees it plus the formatting Telegram derived from the markup."""

    plain: str
    entities: tuple[Entity, ...]


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the plain text
    attrs: dict[str, str]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Bot API offsets and length limits."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body.startswith(("#x", "#X")):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    # Telegram knows only four named entities; anything else stays literally
    return _NAMED_ENTITIES.get(body, match.group(0))


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(raw):
        value = match.group(2) or ""
        if value[:1] in {'"', "'"}:
            value = value[1:-1]
        attrs[match.group(1).lower()] = _ENTITY_RE.sub(_decode_entity, value)
    return attrs


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.out: list[str] = []
        self.out_len = 0  # UTF-16 length of what `out` holds
        self.stack: list[_OpenTag] = []
        self.entities: list[Entity] = []

    def run(self) -> RenderedText:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "<":
                self._tag()
            elif char == "&":
                self._ampersand()
            else:
                self._emit(char)
                self.pos += 1
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        ordered = sorted(self.entities, key=lambda e: (e.offset, -e.length))
        return RenderedText(plain="".join(self.out), entities=tuple(ordered))

    def _emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.out_len += utf16_len(chunk)

    def _ampersand(self) -> None:
        match = _ENTITY_RE.match(self.text, self.pos)
        if match is None:
            self._emit("&")
            self.pos += 1
            return
        self._emit(_decode_entity(match))
        self.pos = match.end()

    def _tag(self) -> None:
        begin = self.pos
        close = self.text.find(">", begin)
        if self.text.startswith("</", begin):
            if close == -1:
                raise HtmlParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(self.text, begin)}"
                )
            self._end_tag(self.text[begin + 2 : close].strip().lower(), begin)
            self.pos = close + 1
            return
        name_end = _TAG_NAME_RE.match(self.text, begin + 1).end()  # type: ignore[union-attr]
        if close == -1 or name_end >= len(self.text):
            raise HtmlParseError(
                f"Unclosed start tag at byte offset {_byte_offset(self.text, begin)}"
            )
        name = self.text[begin + 1 : name_end].lower()
        if name not in _TAG_ENTITY:
            raise HtmlParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(self.text, begin)}'
            )
        attrs = _parse_attrs(self.text[name_end:close])
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(
                'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(self.text, begin)}"
            )
        self.stack.append(_OpenTag(name=name, start=self.out_len, attrs=attrs))
        self.pos = close + 1

    def _end_tag(self, name: str, begin: int) -> None:
        if not self.stack:
            raise HtmlParseError(
                f'Unexpected end tag "{name}" at byte offset {_byte_offset(self.text, begin)}'
            )
        opened = self.stack[-1]
        if opened.name != name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {_byte_offset(self.text, begin)}, "
                f'expected "</{opened.name}>", found "</{name}>"'
            )
        self.stack.pop()
        length = self.out_len - opened.start
        if length <= 0:
            return
        entity = self._entity(opened, length)
        # <pre><code class="language-x"> is one pre entity, already added by the inner code
        if (
            entity.type == "pre"
            and self.entities
            and self.entities[-1]
            == Entity("pre", entity.offset, entity.length, language=self.entities[-1].language)
        ):
            return
        self.entities.append(entity)

    def _entity(self, opened: _OpenTag, length: int) -> Entity:
        kind = _TAG_ENTITY[opened.name]
        attrs = opened.attrs
        if kind == "text_link":
            return Entity(kind, opened.start, length, url=attrs.get("href", ""))
        if kind == "code" and self.stack and self.stack[-1].name == "pre":
            language = attrs.get("class", "").removeprefix("language-") or None
            return Entity("pre", opened.start, length, language=language)
        if kind == "blockquote" and "expandable" in attrs:
            return Entity("expandable_blockquote", opened.start, length)
        if kind == "custom_emoji":
            return Entity(kind, opened.start, length, custom_emoji_id=attrs.get("emoji-id"))
        return Entity(kind, opened.start, length)


def parse_html(text: str) -> RenderedText:
    """Render Telegram HTML; raises HtmlParseError where Telegram would refuse the text."""
    return _Parser(text).run()


def strip_html(text: str) -> str:
    """Plain text of Telegram HTML; text Telegram would refuse is returned unchanged."""
    try:
        return parse_html(text).plain
    except HtmlParseError:
        return text
