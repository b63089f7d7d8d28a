"""Sanitised Markdown: what users write is formatted, and nothing in it can run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from qms.core.markdown import render_markdown, sanitize_html

_ALLOWED_TAGS = {
    *("a", "blockquote", "br", "code", "del", "em", "hr", "img", "li", "ol", "p", "pre"),
    *("s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
}
_ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "rel", "start", "class"}


class _Elements(HTMLParser):
    """The real elements and attributes of a fragment (escaped text is not an element)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_inert(html: str) -> None:
    """Only Markdown's own tags, no event handler or style, and no address with a scheme
    other than http, https or mailto (however it is spelled)."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in _ALLOWED_TAGS, html
        for name, value in attrs:
            assert name in _ALLOWED_ATTRIBUTES, html
            if name in ("href", "src") and value is not None:
                folded = re.sub(r"[\x00-\x20]", "", unquote(value)).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", folded)
                assert scheme is None or scheme.group(1) in ("http", "https", "mailto"), html
                assert "script:" not in folded, html


def test_markdown_is_formatted() -> None:
    html = render_markdown(
        "# Title\n\n**bold** *em* ~~old~~ `code`\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.com)"
    )
    assert isinstance(html, SafeString)
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert "<s>old</s>" in html and "<code>code</code>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">site</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        "<iframe src=https://evil.example></iframe>",
        "<form action=/x><input name=a></form>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<p style="position:fixed">x</p>',
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](jav&#9;ascript:alert(1))",
        "[click](java%0Ascript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](javascript:alert(1))",
        "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![img](data:image/png;base64,iVBORw0KGgo=)",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "<https://ok.example> <javascript:alert(1)>",
        "```html\n<script>alert(1)</script>\n```",
        '[x](https://ok.example "title" onmouseover=alert(1))',
    ],
)
def test_dangerous_input_renders_inert(text: str) -> None:
    assert_inert(render_markdown(text))


def test_raw_html_is_shown_as_text_not_dropped_silently() -> None:
    html = render_markdown("Use <b>bold</b> and <script>x()</script>")
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_links_keep_safe_schemes_and_get_noopener() -> None:
    html = render_markdown("[a](https://x.example) [b](/documents/1/) [c](mailto:q@x.example)")
    assert html.count('rel="noopener noreferrer"') == 3
    assert 'href="/documents/1/"' in html and 'href="mailto:q@x.example"' in html


def test_the_sanitiser_cleans_html_from_elsewhere_too() -> None:
    html = sanitize_html(
        '<a href="JaVaScRiPt:alert(1)" onclick="x" style="color:red">x</a>'
        '<iframe src="/"></iframe><img src="data:image/png;base64,AA" onerror="x">'
    )
    assert_inert(html)
    assert "iframe" not in html


def test_empty_text_renders_nothing() -> None:
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_template_filter_renders_sanitised_markdown() -> None:
    template = Template("{% load qms_markdown %}{{ text|markdown }}")
    html = template.render(Context({"text": "**ok** <img src=x onerror=alert(1)>"}))
    assert "<strong>ok</strong>" in html
    assert_inert(html)
    assert template.render(Context({"text": None})) == ""
