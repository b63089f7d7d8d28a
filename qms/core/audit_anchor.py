"""Signed checkpoints of the audit trail, for storage outside the database.

The head HMACs stop someone who can write the database but does not hold QMS_AUDIT_KEY. Two
attacks remain: a rewrite by someone who also stole the key (hashes recomputed, heads
re-signed), and the whole database replaced by an older backup (every head is validly signed,
just old). A checkpoint printed by `qms audit-anchor` and kept elsewhere (a daily cron job
mailing it, a write-once bucket) records each chain's last sequence and hash at that time;
`qms audit-verify --anchor FILE` then requires every anchored event to still be there,
unchanged. The checkpoint is signed with Ed25519 (key derived from QMS_AUDIT_KEY, see
audit_keys.py) so it cannot be forged after the fact by whoever can edit the file store,
and its public key lets anyone check it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.db.models import Count
from django.utils import timezone

from .audit import AuditChain, AuditEvent, chain_order
from .audit_keys import anchor_signing_key

ANCHOR_FORMAT = "qms-audit-anchor/1"


class AnchorError(Exception):
    """The anchor file is unreadable, malformed or not signed by this installation's key."""


@dataclass(frozen=True)
class AnchorBreak:
    chain: str
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"chain {self.chain}: anchored event {self.sequence}: {self.reason}"


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _public_key_b64() -> str:
    raw = anchor_signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def make_anchor() -> dict[str, Any]:
    """Every chain's last sequence, hash and event count, signed."""
    counts = dict(
        AuditEvent.objects.order_by()
        .values("chain")
        .annotate(n=Count("id"))
        .values_list("chain", "n")
    )
    heads = sorted(AuditChain.objects.all(), key=lambda head: chain_order(head.key))
    body: dict[str, Any] = {
        "format": ANCHOR_FORMAT,
        "time": timezone.now().isoformat(),
        "chains": {
            head.key: {
                "sequence": head.last_sequence,
                "hash": head.last_hash,
                "events": counts.get(head.key, 0),
            }
            for head in heads
        },
        "public_key": _public_key_b64(),
    }
    signature = anchor_signing_key().sign(_canonical(body))
    return {**body, "signature": base64.b64encode(signature).decode("ascii")}


def load_anchor(text: str) -> dict[str, Any]:
    """Parse and check an anchor's shape and signature; AnchorError with one readable line."""
    try:
        anchor = json.loads(text)
    except ValueError:
        raise AnchorError("not a JSON checkpoint written by qms audit-anchor") from None
    if not isinstance(anchor, dict) or anchor.get("format") != ANCHOR_FORMAT:
        raise AnchorError(f"not a checkpoint of format {ANCHOR_FORMAT}")
    body = {key: value for key, value in anchor.items() if key != "signature"}
    chains = body.get("chains")
    if not isinstance(chains, dict) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("sequence"), int)
        and isinstance(entry.get("hash"), str)
        and isinstance(entry.get("events"), int)
        for entry in chains.values()
    ):
        raise AnchorError("the checkpoint's chains are malformed")
    if body.get("public_key") != _public_key_b64():
        raise AnchorError("the checkpoint was not signed by this installation's QMS_AUDIT_KEY")
    try:
        signature = base64.b64decode(str(anchor.get("signature", "")), validate=True)
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"]))
        public.verify(signature, _canonical(body))
    except (ValueError, InvalidSignature):
        raise AnchorError("the checkpoint's signature does not match its content") from None
    return anchor


def check_anchor(anchor: dict[str, Any]) -> list[AnchorBreak]:
    """Every anchored chain must still hold the anchored event, unchanged, and at least as
    many events as then."""
    chains: dict[str, dict[str, Any]] = anchor["chains"]
    wanted = {(key, entry["sequence"]) for key, entry in chains.items() if entry["sequence"]}
    found: dict[tuple[str, int], str] = {}
    for key, entry in chains.items():
        if entry["sequence"]:
            row = (
                AuditEvent.objects.filter(chain=key, sequence=entry["sequence"])
                .values_list("hash", flat=True)
                .first()
            )
            if row is not None:
                found[(key, entry["sequence"])] = row
    counts = dict(
        AuditEvent.objects.order_by()
        .filter(chain__in=list(chains))
        .values("chain")
        .annotate(n=Count("id"))
        .values_list("chain", "n")
    )
    problems: list[AnchorBreak] = []
    for key in sorted(chains, key=chain_order):
        entry = chains[key]
        if (key, entry["sequence"]) in wanted:
            stored = found.get((key, entry["sequence"]))
            if stored is None:
                problems.append(AnchorBreak(key, entry["sequence"], "is missing"))
                continue
            if stored != entry["hash"]:
                problems.append(AnchorBreak(key, entry["sequence"], "has a different hash now"))
                continue
        if counts.get(key, 0) < entry["events"]:
            problems.append(
                AnchorBreak(
                    key,
                    entry["sequence"],
                    f"the chain had {entry['events']} events, now {counts.get(key, 0)}",
                )
            )
    return problems
