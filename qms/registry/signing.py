"""Signed answers of the registry: Ed25519 over canonical JSON, with a key id.

Canonical form (what is signed): the answer's `data` object serialized as JSON with keys
sorted, no insignificant white space (separators "," and ":"), non-ASCII characters written as
themselves (not \\u escapes), encoded as UTF-8; no floating-point numbers appear (dates are
"YYYY-MM-DD" strings, times ISO 8601 in UTC). In Python:
`json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()`.

An answer is `{"data": {...}, "signature": {"alg": "Ed25519", "kid": "...",
"public_key": "<base64 of the 32-byte raw key>", "value": "<base64 of the 64-byte signature>"}}`.
The public key travels with the answer so a saved answer is self-contained; whoever relies on
it checks that the key id and key are listed in `/.well-known/qms-registry-keys.json` (or a
saved copy of it) — `qms verify --keys` / `--url` do.

Private keys are never stored: each is HKDF-SHA256 of settings.AUDIT_KEY with
info "qms-registry-signing|<kid>". `SigningKey` rows keep the public keys, current and
retired, so answers signed before a rotation (or before QMS_AUDIT_KEY changed) still verify.

The functions `canonical`, `verify_answer` and `check_pinned_key` read no database and no
settings: the offline verifier (`qms verify --file`) uses them.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALG = "Ed25519"
_CACHE_SECONDS = 60.0


class BadSignature(Exception):
    """The answer is not a well-formed answer signed by the key it names."""


def canonical(data: Any) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64_strict(text: Any, length: int) -> bytes:
    """Standard base64 of exactly `length` bytes, in its one canonical spelling."""
    if not isinstance(text, str):
        raise BadSignature("not base64")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise BadSignature("not base64") from None
    if len(raw) != length or b64(raw) != text:
        raise BadSignature("not base64 of the right length")
    return raw


def private_key(kid: str) -> Ed25519PrivateKey:
    from qms.core.audit_keys import audit_key

    seed = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"qms-registry-signing|{kid}".encode(),
    ).derive(audit_key())
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_b64(key: Ed25519PrivateKey) -> str:
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


@dataclass(frozen=True)
class ActiveKey:
    kid: str
    key: Ed25519PrivateKey
    public_key: str


_active: tuple[float, ActiveKey] | None = None


def forget_active_key() -> None:
    """Drop this process's cached key (after a rotation, and in tests)."""
    global _active
    _active = None


def active_key() -> ActiveKey:
    """The current signing key, cached in the process for a minute.

    After a rotation on another server this process may sign for up to a minute with the
    key just retired; that key stays listed, so those answers verify.
    """
    global _active
    now = time.monotonic()
    if _active is not None and now - _active[0] < _CACHE_SECONDS:
        return _active[1]
    from .services import signing_key_current

    row = signing_key_current()
    found = ActiveKey(kid=row.kid, key=private_key(row.kid), public_key=row.public_key)
    _active = (now, found)
    return found


def sign(data: dict[str, Any]) -> dict[str, Any]:
    """The signed answer for `data`."""
    key = active_key()
    return {
        "data": data,
        "signature": {
            "alg": ALG,
            "kid": key.kid,
            "public_key": key.public_key,
            "value": b64(key.key.sign(canonical(data))),
        },
    }


def verify_answer(answer: Any) -> dict[str, Any]:
    """The answer's data when its signature is good under the key it carries.

    Refuses anything that is not exactly {"data": object, "signature": {alg, kid,
    public_key, value}}, so no byte of a saved compact answer can change unnoticed.
    """
    if not isinstance(answer, dict) or set(answer) != {"data", "signature"}:
        raise BadSignature("not a signed registry answer")
    data, signature = answer["data"], answer["signature"]
    if not isinstance(data, dict) or not isinstance(signature, dict):
        raise BadSignature("not a signed registry answer")
    if set(signature) != {"alg", "kid", "public_key", "value"}:
        raise BadSignature("the signature block is not as expected")
    if signature["alg"] != ALG:
        raise BadSignature(f"unsupported algorithm {signature['alg']!r}")
    if not isinstance(signature["kid"], str) or not signature["kid"]:
        raise BadSignature("no key id")
    public = Ed25519PublicKey.from_public_bytes(b64_strict(signature["public_key"], 32))
    try:
        public.verify(b64_strict(signature["value"], 64), canonical(data))
    except InvalidSignature:
        raise BadSignature("the signature does not match the data") from None
    return data


def check_pinned_key(answer: dict[str, Any], keys_document: Any) -> None:
    """Refuse an answer whose key id and key are not in the registry's keys document, or that
    was answered after its key was retired (a few minutes of grace for cached keys)."""
    signature = answer["signature"]
    keys = keys_document.get("keys") if isinstance(keys_document, dict) else None
    if not isinstance(keys, list):
        raise BadSignature("the keys document lists no keys")
    for entry in keys:
        if not isinstance(entry, dict) or entry.get("kid") != signature["kid"]:
            continue
        if entry.get("public_key") != signature["public_key"]:
            raise BadSignature(f"key {signature['kid']} differs from the published key")
        until = entry.get("valid_until")
        answered = answer["data"].get("answered_at")
        if until and isinstance(answered, str) and _later_than(answered, until, grace=300):
            raise BadSignature(f"answered after key {signature['kid']} was retired")
        return
    raise BadSignature(f"key {signature['kid']} is not listed in the keys document")


def _later_than(first: str, second: str, *, grace: int) -> bool:
    try:
        a = datetime.fromisoformat(first.replace("Z", "+00:00"))
        b = datetime.fromisoformat(second.replace("Z", "+00:00"))
    except ValueError:
        return True
    return (a - b).total_seconds() > grace
