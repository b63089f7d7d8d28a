"""PDF reports: one page layout for every module, rendered by WeasyPrint, offline.

A module renders a report from a template that extends `core/pdf/base.html`:

    {% extends "core/pdf/base.html" %}
    {% block content %}
      {% include "core/pdf/_metadata.html" with rows=metadata %}
      <h2 class="pdf-section">Revision history</h2> …
      {% include "core/pdf/_signatures.html" with signatures=signatures %}
    {% endblock %}

    pdf = render_pdf(template_name="documents/pdf/revision.html", context={...},
                     title=document.title, organization_name=organization.name,
                     header_right=f"{document.number} rev. {revision.label}",
                     footer_note="Uncontrolled when printed")
    return pdf_response(pdf=pdf, filename=f"{document.number}.pdf")

The base template sets A4 portrait with filing margins, a running header (organization, title,
a right-hand slot), a running footer (the note, the printing time, "Page X of Y") and the
DejaVu fonts, found by family name through fontconfig (Debian's fonts-dejavu-core).

Nothing is fetched from the network: `StaticOnlyURLFetcher` serves `data:` URIs and the
product's own static files (`{% static %}` URLs, or file:// paths inside a static
directory) and refuses every other URL, so a template, or a user's text that reaches one,
cannot make the server call out.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BASE_TEMPLATE = "core/pdf/base.html"

# WeasyPrint reports each layout step and fontTools every subset table at INFO: dozens of
# lines per report that say nothing an operator needs. Warnings (a refused URL) still show.
for _name in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class RefusedURL(ValueError):
    """A PDF template referred to a resource outside data: URIs and our static files."""


def static_roots() -> list[Path]:
    """The directories a PDF may read files from: every static source of the product."""
    roots: list[Path] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return list(dict.fromkeys(roots))


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _static_prefix() -> str:
    return urlsplit(settings.STATIC_URL).path or "/static/"


def local_static_path(url: str, *, base_url: str | None = None) -> Path | None:
    """The file on disk behind a static URL (on QMS_BASE_URL's host or `base_url`'s) or a
    file:// URL inside a static directory, or None for anything else (another host's URL,
    a file elsewhere, a missing file)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        local = Path(unquote(parts.path)).resolve()
        return local if _inside(local, static_roots()) and local.is_file() else None
    if scheme not in ("http", "https"):
        return None
    ours = {
        (base.hostname, base.port)
        for base in (urlsplit(settings.BASE_URL), urlsplit(base_url or settings.BASE_URL))
    }
    if (parts.hostname, parts.port) not in ours:
        return None
    prefix = _static_prefix()
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    candidate: Path | None = Path(found).resolve() if isinstance(found, str) else None
    if candidate is None and settings.STATIC_ROOT:
        candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
    if candidate is None or not candidate.is_file() or not _inside(candidate, static_roots()):
        return None
    return candidate


def url_fetcher(*, base_url: str | None = None) -> Any:
    """A WeasyPrint URL fetcher that never touches the network (see the module docstring)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            path = local_static_path(url, base_url=base_url)
            if path is None:
                raise RefusedURL(f"PDF reports load only data: URIs and static files: {url}")
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), status=200)

    return StaticOnlyURLFetcher(allowed_protocols=("data", "file", "http", "https"))


def css_string(value: str) -> SafeString:
    """`value` as a quoted CSS string, safe inside a `<style>` element."""
    escaped = []
    for char in str(value):
        if char in '"\\<>&' or unicodedata.category(char).startswith("C"):
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return mark_safe(f'"{"".join(escaped)}"')  # noqa: S308  (every special character escaped)


def pdf_document(
    *,
    template_name: str,
    context: dict[str, Any],
    title: str,
    organization_name: str = "",
    header_right: str = "",
    footer_note: str = "",
    base_url: str | None = None,
) -> Any:
    """The laid-out WeasyPrint `Document` of a report (see `render_pdf` for the arguments):
    for callers that need its pages (a count, a test) before writing the PDF."""
    from weasyprint import HTML

    printed = timezone.localtime(timezone.now())
    printed_text = _("Printed %(time)s") % {"time": printed.strftime("%Y-%m-%d %H:%M %Z")}
    page = {
        "title": title,
        "organization_name": organization_name,
        "header_right": header_right,
        "footer_note": footer_note,
        "printed_at": printed,
        "css": {
            "organization": css_string(organization_name),
            "title": css_string(title),
            "right": css_string(header_right),
            "note": css_string(footer_note),
            "printed": css_string(printed_text),
            "page": css_string(_("Page")),
            "of": css_string(_("of")),
        },
    }
    html = render_to_string(template_name, {**context, "pdf": page})
    base_url = base_url or f"{settings.BASE_URL}/"
    return HTML(
        string=html,
        base_url=base_url,
        url_fetcher=url_fetcher(base_url=base_url),
        media_type="print",
    ).render()


def render_pdf(
    *,
    template_name: str,
    context: dict[str, Any],
    title: str,
    organization_name: str = "",
    header_right: str = "",
    footer_note: str = "",
    base_url: str | None = None,
) -> bytes:
    """Render `template_name` (which extends core/pdf/base.html) to PDF bytes.

    `title` heads the first page and the running header; `organization_name` and
    `header_right` (e.g. "QP-07 rev. C") fill the header's sides; `footer_note` (e.g.
    "Uncontrolled when printed") the footer's left, beside the printing time and "Page X of
    Y". Relative URLs resolve against `base_url` (QMS_BASE_URL by default); only static
    files and data: URIs load.
    """
    document = pdf_document(
        template_name=template_name,
        context=context,
        title=title,
        organization_name=organization_name,
        header_right=header_right,
        footer_note=footer_note,
        base_url=base_url,
    )
    pdf: bytes = document.write_pdf()
    return pdf


_UNSAFE_FILENAME = re.compile(r"[^\w.() -]+")


def safe_filename(filename: str, *, extension: str = ".pdf") -> str:
    """A download name without path separators, quotes or control characters."""
    name = unicodedata.normalize("NFC", filename).replace("/", "-").replace("\\", "-")
    name = _UNSAFE_FILENAME.sub("-", name).strip(" .-") or "report"
    name = name[:150]
    if not name.lower().endswith(extension):
        name += extension
    return name


def pdf_response(*, pdf: bytes, filename: str, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying `pdf`: shown in the browser (`inline`) or downloaded."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = content_disposition_header(not inline, safe_filename(filename))
    response["Content-Disposition"] = disposition or "inline"

    response["Content-Length"] = str(len(pdf))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
