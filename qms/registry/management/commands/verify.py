"""`qms verify`: check a certificate in a registry, or a saved signed answer, offline or not.

    qms verify NUMBER [--url URL] [--cb SOURCE_KEY] [--keys KEYS.json]
    qms verify --file ANSWER.json [--keys KEYS.json | --url URL] [NUMBER]

Online, the answer is fetched from URL (default settings.BASE_URL) and its key checked
against URL's `/.well-known/qms-registry-keys.json` (or --keys). With --file, the saved
answer is checked offline: its signature under the public key it carries, and, given --keys
(a saved keys document) or --url, that this key id and key are the registry's. Without
either, the line says the key was not pinned.

Exit status: 0 valid (every matching certificate active), 3 not found, 4 not valid (the
status is printed), 5 bad signature or not a signed answer, 2 usage or unreadable file,
1 network error. One line on stdout (0, 3, 4) or stderr (1, 2, 5).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from qms.registry.normalize import number_key
from qms.registry.signing import BadSignature, check_pinned_key, verify_answer

VALID, NETWORK, USAGE, NOT_FOUND, NOT_VALID, BAD_SIGNATURE = 0, 1, 2, 3, 4, 5
KEYS_PATH = "/.well-known/qms-registry-keys.json"
TIMEOUT = 15


def fetch(url: str) -> tuple[int, bytes]:
    """GET `url`: (HTTP status, body). Raises OSError on a network failure."""
    request = urllib.request.Request(  # noqa: S310  (http/https only, checked by the caller)
        url, headers={"Accept": "application/json", "User-Agent": "qms-verify"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())


class Command(BaseCommand):
    help = "Check a certificate's status and signature in a registry, or a saved answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", nargs="?", help="The certificate number.")
        parser.add_argument("--url", help="The registry's address (default: QMS_BASE_URL).")
        parser.add_argument("--file", help="A saved answer (JSON) to check offline.")
        parser.add_argument("--keys", help="A saved keys document to pin the key against.")
        parser.add_argument("--cb", default="", help="Only the body with this source key.")

    def handle(self, *args: Any, **options: Any) -> None:
        number: str = options["number"] or ""
        url = (options["url"] or "").rstrip("/")
        if url and not url.startswith(("http://", "https://")):
            self._fail(USAGE, f"--url must start with http:// or https://, not {url!r}.")
        if not number and not options["file"]:
            self._fail(USAGE, "give a certificate number, or --file ANSWER.json.")
        keys = self._read_json(options["keys"], what="keys file") if options["keys"] else None
        if options["file"]:
            answer = self._read_answer(options["file"])
            if keys is None and url:
                keys = self._get_json(url + KEYS_PATH, what="keys document")
        else:
            base = url or str(settings.BASE_URL).rstrip("/")
            query = "?" + urlencode({"cb": options["cb"]}) if options["cb"] else ""
            status, body = self._get(
                f"{base}/api/v1/public/certificates/{quote(number.strip(), safe='')}/{query}"
            )
            if status not in (200, 404):
                self._fail(NETWORK, f"{base} answered HTTP {status}.")
            answer = self._parse_answer(body)
            if keys is None:
                keys = self._get_json(base + KEYS_PATH, what="keys document")
        try:
            data = verify_answer(answer)
            if keys is not None:
                check_pinned_key(answer, keys)
        except BadSignature as error:
            self._fail(BAD_SIGNATURE, f"bad signature: {error}.")
        self._judge(answer, data, number=number, cb=options["cb"], pinned=keys is not None)

    def _judge(
        self, answer: dict[str, Any], data: dict[str, Any], *, number: str, cb: str, pinned: bool
    ) -> NoReturn:
        certificates = data.get("certificates")
        asked = str((data.get("query") or {}).get("number", ""))
        if not isinstance(certificates, list) or not asked:
            self._fail(BAD_SIGNATURE, "the answer is signed but is not a certificate lookup.")
        if number and number_key(number) != number_key(asked):
            self._fail(USAGE, f"the answer is about {asked}, not {number}.")
        if cb:
            certificates = [
                item
                for item in certificates
                if (item.get("certification_body") or {}).get("key") == cb
            ]
        key = answer["signature"]["kid"]
        signed = (
            f"signature good (key {key}{'' if pinned else ', not pinned: pass --keys or --url'}), "
            f"answered {data.get('answered_at', '?')} by {data.get('registry', '?')}"
        )
        if not certificates:
            self._out(NOT_FOUND, f"{asked}: not found in the registry; {signed}.")
        lines = []
        valid = True
        for item in certificates:
            status = str(item.get("status", ""))
            holder = (item.get("holder") or {}).get("name", "")
            body = (item.get("certification_body") or {}).get("name", "")
            standards = ", ".join(item.get("standards") or [])
            if status == "active":
                lines.append(
                    f"{item.get('number')}: valid — {holder}, {standards}, "
                    f"expires {item.get('expiry_date') or '?'}, {body}"
                )
            else:
                valid = False
                note = f" ({item['status_note']})" if item.get("status_note") else ""
                lines.append(
                    f"{item.get('number')}: NOT VALID, {item.get('status_text', status)} since "
                    f"{item.get('status_changed_on') or '?'}{note} — {holder}, {standards}, {body}"
                )
        self._out(VALID if valid else NOT_VALID, "; ".join(lines) + f"; {signed}.")

    def _read_json(self, path: str, *, what: str) -> Any:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            self._fail(USAGE, f"cannot read {what} {path}: {error.strerror or error}.")
        except ValueError:
            self._fail(USAGE, f"{what} {path} is not JSON.")

    def _read_answer(self, path: str) -> Any:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            self._fail(USAGE, f"cannot read {path}: {error.strerror or error}.")
        return self._parse_answer(raw)

    def _parse_answer(self, raw: bytes) -> Any:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._fail(BAD_SIGNATURE, "bad signature: the answer is not valid JSON.")

    def _get(self, url: str) -> tuple[int, bytes]:
        try:
            return fetch(url)
        except (OSError, ValueError) as error:
            self._fail(NETWORK, f"cannot reach {url}: {getattr(error, 'reason', error)}.")

    def _get_json(self, url: str, *, what: str) -> Any:
        status, body = self._get(url)
        if status != 200:
            self._fail(NETWORK, f"{url} answered HTTP {status}.")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._fail(NETWORK, f"the {what} at {url} is not JSON.")

    def _out(self, code: int, line: str) -> NoReturn:
        self.stdout.write(line)
        sys.exit(code)

    def _fail(self, code: int, line: str) -> NoReturn:
        self.stderr.write(f"verify: {line}")
        sys.exit(code)
