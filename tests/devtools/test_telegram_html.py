from __future__ import annotations

import pytest

from bot.devtools.telegram_html import Entity, HtmlParseError, parse_html, strip_html


def test_tags_become_entities_with_utf16_offsets() -> None:
    rendered = parse_html("👋 <b>Hi</b> &lt;3 &amp; <a href='https://x.uz/?a=1&amp;b=2'>link</a>")
    assert rendered.plain == "👋 Hi <3 & link"
    # the emoji is two UTF-16 code units, so "Hi" starts at 3
    assert rendered.entities == (
        Entity("bold", 3, 2),
        Entity("text_link", 11, 4, url="https://x.uz/?a=1&b=2"),
    )


def test_pre_with_code_language_is_one_entity() -> None:
    rendered = parse_html('<pre><code class="language-json">{}</code></pre>')
    assert rendered.entities == (Entity("pre", 0, 2, language="json"),)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Provider <Uztelecom>", 'Unsupported start tag "uztelecom" at byte offset 9'),
        ("amount < 5", "Unclosed start tag at byte offset 7"),
        ("a < b > c", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("x</b>", 'Unexpected end tag "b"'),
        ("line<br>break", 'Unsupported start tag "br"'),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
    ],
)
def test_what_telegram_refuses(text: str, error: str) -> None:
    with pytest.raises(HtmlParseError, match=error.replace("(", r"\(")):
        parse_html(text)


def test_unknown_named_entity_stays_literal_and_numeric_ones_decode() -> None:
    assert parse_html("a&nbsp;b &#8364; &#x41;").plain == "a&nbsp;b € A"


def test_strip_html_leaves_unparseable_text_alone() -> None:
    assert strip_html("<i>fine</i>") == "fine"
    assert strip_html("1 < 2") == "1 < 2"
