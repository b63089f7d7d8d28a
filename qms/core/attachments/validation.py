"""Is this upload a file we accept? One pure function for forms, the API and imports.

`validate_upload(upload)` reads the file once, in chunks, and either returns what it found
(`CheckedUpload`: cleaned name, detected type, canonical extension, size, SHA-256) or raises
`UploadRefused` with one sentence naming the file and the reason. It writes nothing and
needs no database, so a refused file leaves nothing anywhere.

The type is decided by the content (`filetype` and, for the office formats, the archive's
own table of contents), never by the name or the browser's Content-Type. The name's
extension must then agree with the content: a `.pdf` that is a PNG, or a `.docx` that is a
ZIP of something else, is refused, because the name is what people will trust when they
open it. Programs and anything a browser would run (HTML, SVG, scripts) are never accepted.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_HEAD_BYTES = 8192
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    """One accepted type: its key, how people call it, its MIME type and extensions (the
    first is the one stored)."""

    key: str
    label: str  # with its article: "a PDF document"
    mime: str
    extensions: tuple[str, ...]
    inline: bool = False  # may be shown in the browser (PDF, images)


KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "a PDF document", "application/pdf", (".pdf",), inline=True),
        FileKind(
            "docx",
            "a Word document (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileKind(
            "xlsx",
            "an Excel workbook (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileKind(
            "pptx",
            "a PowerPoint presentation (PPTX)",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        FileKind(
            "odt",
            "an OpenDocument text (ODT)",
            "application/vnd.oasis.opendocument.text",
            (".odt",),
        ),
        FileKind(
            "ods",
            "an OpenDocument spreadsheet (ODS)",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
        ),
        FileKind("png", "a PNG image", "image/png", (".png",), inline=True),
        FileKind("jpeg", "a JPEG image", "image/jpeg", (".jpg", ".jpeg"), inline=True),
        FileKind("gif", "a GIF image", "image/gif", (".gif",), inline=True),
        FileKind("webp", "a WebP image", "image/webp", (".webp",), inline=True),
        FileKind("txt", "a plain text file", "text/plain", (".txt", ".text", ".log")),
        FileKind("csv", "a CSV file", "text/csv", (".csv",)),
        FileKind("md", "a Markdown file", "text/markdown", (".md", ".markdown")),
    )
}
_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
_TEXT_KINDS = frozenset({"txt", "csv", "md"})
INLINE_MIME_TYPES = frozenset(kind.mime for kind in KINDS.values() if kind.inline)

# Never accepted, whatever the content: programs, scripts, and what a browser would run.
BLOCKED_EXTENSIONS = frozenset(
    {
        ".exe", ".dll", ".com", ".scr", ".msi", ".msp", ".bat", ".cmd", ".ps1", ".psm1",
        ".vbs", ".vbe", ".js", ".mjs", ".cjs", ".jse", ".wsf", ".wsh", ".hta", ".cpl",
        ".jar", ".class", ".apk", ".app", ".dmg", ".pkg", ".deb", ".rpm", ".sh", ".bash",
        ".zsh", ".csh", ".py", ".pl", ".rb", ".php", ".html", ".htm", ".xhtml", ".shtml",
        ".svg", ".svgz", ".xml", ".xsl", ".swf", ".lnk", ".reg", ".docm", ".xlsm", ".pptm",
    }
)  # fmt: skip

# Magic numbers of programs: (prefix, what it is).
_PROGRAMS: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "an ELF program"),
    (b"MZ", "a Windows program"),
    (b"\xfe\xed\xfa\xce", "a Mach-O program"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O program"),
    (b"\xce\xfa\xed\xfe", "a Mach-O program"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O program"),
    (b"\xca\xfe\xba\xbe", "a Mach-O or Java program"),
    (b"#!", "a script"),
    (b"\x00asm", "a WebAssembly program"),
)
# Content a browser would render as a page or run, even inside a "text" file.
_MARKUP = re.compile(rb"^\s*<(?:!doctype\s+html|html|svg|script|\?xml)", re.IGNORECASE)

# The archive member that tells each office format from any other ZIP.
_OFFICE_MARKERS: dict[str, tuple[str, ...]] = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
}
_OPENDOCUMENT_MIME = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_MACROS = re.compile(r"(^|/)vbaProject\.bin$|^Basic/|^Scripts/", re.IGNORECASE)


class UploadRefused(ValueError):
    """The upload is not accepted; `message` names the file and the reason."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedUpload:
    """What `validate_upload` found: enough to store the file and describe it."""

    name: str
    kind: FileKind
    size: int
    sha256: str

    @property
    def mime_type(self) -> str:
        return self.kind.mime

    @property
    def extension(self) -> str:
        return self.kind.extensions[0]


def max_upload_bytes() -> int:
    """The size limit (`QMS_ATTACHMENT_MAX_BYTES`, 25 MiB by default)."""
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_kinds() -> list[FileKind]:
    """The accepted types: all of `KINDS`, or those named in `QMS_ATTACHMENT_TYPES`."""
    keys = getattr(settings, "ATTACHMENT_TYPES", None)
    if not keys:
        return list(KINDS.values())
    return [KINDS[key] for key in keys if key in KINDS]


def allowed_extensions() -> list[str]:
    return [ext for kind in allowed_kinds() for ext in kind.extensions]


def describe_allowed() -> str:
    """ "PDF, DOCX, …" for help texts and messages."""
    return ", ".join(kind.key.upper() for kind in allowed_kinds())


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]')


def clean_name(raw: str | None) -> str:
    """The name shown to people: the last path part, Unicode-normalised, without control,
    direction-override or path characters, at most 200 characters (extension kept)."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE_NAME_CHARS.sub("", name).strip(" .")
    name = re.sub(r"\s+", " ", name)
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 200 - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else name[:200]
    return name or "file"


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and _stem else ""


def _chunks(upload: Any) -> Iterator[bytes]:
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        yield from upload.chunks(_CHUNK)
        return
    while True:
        chunk = upload.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def _detected_label(head: bytes) -> str | None:
    guess = filetype.guess(head)
    if guess is None:
        return None
    for kind in KINDS.values():
        if kind.mime == guess.mime:
            return kind.label
    if guess.extension == "zip":
        return "a ZIP archive"
    return f"a {guess.extension.upper()} file"


def _office_kind(upload: Any) -> str | None:
    """Which office format a ZIP is, from its members; None for any other ZIP. Raises
    UploadRefused for macros (they run code when opened)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            members = set(names)
            if any(_MACROS.search(name) for name in names):
                return "macros"
            if "mimetype" in members:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for key, mime in _OPENDOCUMENT_MIME.items():
                    if declared == mime:
                        return key
            for key, markers in _OFFICE_MARKERS.items():
                if all(marker in members for marker in markers):
                    return key
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return None
    return None


def validate_upload(
    upload: IO[bytes] | Any, *, name: str | None = None, max_bytes: int | None = None
) -> CheckedUpload:
    """Check one upload (a Django `UploadedFile`, or any seekable binary file with `name`).

    Refused, with `UploadRefused`: an empty file; a file over the limit (from the size the
    upload declares, before reading it, and again while reading); a program or script; an
    extension that is blocked or not on the allow-list; content that is not what the
    extension says. Returns the cleaned name, the detected type, the size and the SHA-256.
    """
    shown = clean_name(name if name is not None else getattr(upload, "name", ""))
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(shown, limit)

    ext = _extension(shown)
    if ext in BLOCKED_EXTENSIONS:
        raise UploadRefused(
            _("%(name)s cannot be attached: %(ext)s files can run code or scripts.")
            % {"name": shown, "ext": ext},
            code="blocked_type",
        )
    expected = _BY_EXTENSION.get(ext)
    allowed = {kind.key for kind in allowed_kinds()}
    if expected is None or expected.key not in allowed:
        raise UploadRefused(
            _("%(name)s cannot be attached: %(what)s are not accepted (accepted: %(allowed)s).")
            % {
                "name": shown,
                "what": _("%(ext)s files") % {"ext": ext}
                if ext
                else _("files without an extension"),
                "allowed": describe_allowed(),
            },
            code="type_not_allowed",
        )

    digest = hashlib.sha256()
    size = 0
    head = b""
    text_ok = expected.key in _TEXT_KINDS
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    for chunk in _chunks(upload):
        size += len(chunk)
        if size > limit:
            raise _too_large(shown, limit)
        digest.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        if text_ok:
            text_ok = b"\x00" not in chunk and _decodes(decoder, chunk)
    if text_ok:
        text_ok = _decodes(decoder, b"", final=True)
    if size == 0:
        raise UploadRefused(_("%(name)s is empty.") % {"name": shown}, code="empty")

    for magic, what in _PROGRAMS:
        if head.startswith(magic):
            raise UploadRefused(
                _("%(name)s is %(what)s; programs and scripts cannot be attached.")
                % {"name": shown, "what": what},
                code="executable",
            )

    _check_content(upload, shown, expected, head, text_ok)
    return CheckedUpload(name=shown, kind=expected, size=size, sha256=digest.hexdigest())


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _check_content(upload: Any, shown: str, expected: FileKind, head: bytes, text_ok: bool) -> None:
    """The content must be the type the extension names."""
    if expected.key in _TEXT_KINDS:
        if _MARKUP.match(head):
            raise UploadRefused(
                _("%(name)s contains a web page or image markup (HTML, SVG or XML), which "
                  "cannot be attached as %(expected)s.")
                % {"name": shown, "expected": expected.label},
                code="content_mismatch",
            )  # fmt: skip
        if not text_ok:
            found = _detected_label(head) or _("binary data")
            raise _mismatch(shown, found, expected)
        return
    if expected.key in _OFFICE_MARKERS or expected.key in _OPENDOCUMENT_MIME:
        found_key = _office_kind(upload) if head.startswith(b"PK\x03\x04") else None
        if found_key == "macros":
            raise UploadRefused(
                _("%(name)s contains macros, which run code when the file is opened; save it "
                  "without macros and attach it again.") % {"name": shown},
                code="executable",
            )  # fmt: skip
        if found_key != expected.key:
            label = KINDS[found_key].label if found_key else _detected_label(head)
            raise _mismatch(shown, label or _("not a file of a known type"), expected)
        return
    guess = filetype.guess(head)
    if guess is None or guess.mime != expected.mime:
        detected = _detected_label(head)
        if detected is None and (text_ok or _looks_textual(head)):
            detected = _("plain text")
        raise _mismatch(shown, detected or _("not a file of a known type"), expected)


def _looks_textual(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def _mismatch(shown: str, found: str, expected: FileKind) -> UploadRefused:
    # "report.pdf is a PNG image, not a PDF document."
    return UploadRefused(
        _("%(name)s is %(found)s, not %(expected)s.")
        % {"name": shown, "found": found, "expected": expected.label},
        code="content_mismatch",
    )


def _too_large(shown: str, limit: int) -> UploadRefused:
    return UploadRefused(
        _("%(name)s is larger than the limit of %(limit)s.")
        % {"name": shown, "limit": human_size(limit)},
        code="too_large",
    )


def accept_attribute() -> str:
    """The `accept` attribute of a file input: the allowed extensions (a hint for the
    browser's picker only; the server decides)."""
    return ",".join(allowed_extensions())


def kind_for_mime(mime: str) -> FileKind | None:
    return next((kind for kind in KINDS.values() if kind.mime == mime), None)
