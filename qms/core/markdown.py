"""Markdown written by users (descriptions, findings, minutes), rendered safe to show.

Two layers, so that one mistake in either cannot put a script on a page:

1. markdown-it-py parses with the "commonmark" preset plus tables and strikethrough, with
   raw HTML switched off: `<script>` or `<iframe>` typed in the text comes out as text.
2. nh3 (the ammonia sanitiser) cleans the HTML the parser produced against an allow-list of
   tags and attributes: no `style`, no event handlers, no forms, frames or embeds; links and
   images only to http, https, mailto (links) or relative addresses, so `javascript:` and
   `data:` URLs, however they are spelled, are dropped; every link gets
   `rel="noopener noreferrer"`.

`render_markdown(text)` returns a `SafeString`; templates use `{{ text|markdown }}`
(`{% load qms_markdown %}`).
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# What Markdown can produce (CommonMark + tables + strikethrough), and nothing else.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "code": {"class"},  # "language-python" from a fenced block
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_LANGUAGE = re.compile(r"^language-[A-Za-z0-9_+\-]{1,40}$")


def _url_is_safe(value: str) -> bool:
    """A link or image address: relative, or http/https/mailto once decoded and stripped of
    the blanks and control characters browsers ignore (`jav&#x09;ascript:`, `JavaScript:`,
    `java%0Ascript:` all count as `javascript:`)."""
    folded = _INVISIBLE.sub("", unquote(unquote(value))).lower()
    match = _SCHEME.match(folded)
    if match is not None:
        return match.group(1) in URL_SCHEMES
    # Not a scheme once folded; still refuse anything that spells one out ("javascript:").
    return "script:" not in folded and not folded.startswith("data:")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src"):
        return value if _url_is_safe(value) else None
    if tag == "code" and name == "class":
        return value if _LANGUAGE.match(value) else None
    return value


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def _without_alignment(html: str) -> str:
    # Table alignment arrives as `style="text-align:…"`: a strict CSP refuses inline styles,
    # so it is dropped rather than allowed through (the table still reads correctly).
    for value in ("left", "center", "right"):
        html = html.replace(f' style="text-align:{value}"', "")
    return html


def sanitize_html(html: str) -> str:
    """Clean an HTML fragment against the Markdown allow-list (also for HTML from elsewhere)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """The text's Markdown as sanitised HTML, safe to insert into a page ("" for no text)."""
    if not text:
        return mark_safe("")
    html = _without_alignment(_parser().render(str(text)))
    return mark_safe(sanitize_html(html).strip())  # noqa: S308  (cleaned by nh3 just above)
