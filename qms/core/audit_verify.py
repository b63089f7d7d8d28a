"""Verifying the audit trail: what `qms audit-verify` checks, and why each check exists.

Per chain: sequences run 1..n without a gap (a deleted middle event), each event links to the
previous hash and recomputes to its own hash (an edited event), the head names the last event
(a deleted last event), and the head's HMAC matches under QMS_AUDIT_KEY (a truncated tail with
the head rolled back, or an edit whose hashes were all recomputed up to a new head: neither can
be re-signed without the key). Across chains: every chain announced by an `audit.chain_opened`
event on the global chain still exists (a whole organization's chain deleted, events and head),
and every chain with new-format events was announced. Organizations older than the first
format-2 event (their chains predate `audit.chain_opened`) must each have a chain.

Not detectable without an anchor (`qms audit-anchor`): the whole database replaced by an older
backup, and a rewrite by someone who also holds the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Min

from .audit import GENESIS_HASH, GLOBAL_CHAIN, AuditChain, AuditEvent, chain_order
from .audit_keys import head_mac_matches

CHAIN_OPENED_TYPE = "audit.chain_opened"


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    event_id: int | None
    sequence: int
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"chain {self.chain}: {where} (sequence {self.sequence}): {self.reason}"


@dataclass
class _ChainScan:
    count: int = 0
    last_sequence: int = 0
    last_hash: str = GENESIS_HASH
    first_format: int | None = None
    opened: dict[str, int] | None = None  # global chain only: chain key -> opening sequence


def _scan(key: str, events: Iterator[AuditEvent], scan: _ChainScan) -> ChainBreak | None:
    for event in events:
        scan.count += 1
        expected = scan.last_sequence + 1
        if event.sequence != expected:
            return ChainBreak(
                key, event.pk, event.sequence, f"expected sequence {expected} (an event is missing)"
            )
        if event.prev_hash != scan.last_hash:
            return ChainBreak(key, event.pk, event.sequence, "does not link to the previous event")
        if event.compute_hash() != event.hash:
            return ChainBreak(
                key, event.pk, event.sequence, "content does not match its hash (edited)"
            )
        if scan.first_format is None:
            scan.first_format = event.format
        if scan.opened is not None and event.event_type == CHAIN_OPENED_TYPE:
            scan.opened[str(event.data.get("chain", ""))] = event.sequence
        scan.last_sequence, scan.last_hash = event.sequence, event.hash
    return None


def _check_head(key: str, head: AuditChain | None, scan: _ChainScan) -> ChainBreak | None:
    if head is None:
        return ChainBreak(key, None, scan.last_sequence, "the chain head is missing (deleted)")
    if head.last_sequence > scan.last_sequence:
        return ChainBreak(
            key,
            None,
            scan.last_sequence + 1,
            f"head expects {head.last_sequence} events, found {scan.last_sequence} "
            "(events from here on were deleted)",
        )
    if head.last_sequence != scan.last_sequence or head.last_hash != scan.last_hash:
        return ChainBreak(
            key,
            None,
            head.last_sequence,
            f"head names event {head.last_sequence}, the chain ends at {scan.last_sequence}",
        )
    if head.last_sequence and not head_mac_matches(
        key, head.last_sequence, head.last_hash, head.mac
    ):
        return ChainBreak(
            key,
            None,
            head.last_sequence,
            "head signature does not match (rolled back or rewritten without QMS_AUDIT_KEY)",
        )
    return None


def verify_chains() -> tuple[int, list[ChainBreak]]:
    """Recompute every chain. Returns (events checked, first break of each broken chain)."""
    heads = {chain.key: chain for chain in AuditChain.objects.all()}
    with_events = set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    keys = sorted(set(heads) | with_events, key=chain_order)
    breaks: dict[str, ChainBreak] = {}
    scans: dict[str, _ChainScan] = {}
    for key in keys:
        scan = _ChainScan(opened={} if key == GLOBAL_CHAIN else None)
        scans[key] = scan
        events = AuditEvent.objects.filter(chain=key).order_by("sequence").iterator(chunk_size=2000)
        problem = _scan(key, events, scan) or _check_head(key, heads.get(key), scan)
        if problem is not None:
            breaks[key] = problem
    checked = sum(scan.count for scan in scans.values())
    for problem in _cross_chain_breaks(scans):
        breaks.setdefault(problem.chain, problem)
    return checked, [breaks[key] for key in sorted(breaks, key=chain_order)]


def _cross_chain_breaks(scans: dict[str, _ChainScan]) -> list[ChainBreak]:
    global_scan = scans.get(GLOBAL_CHAIN)
    opened = (global_scan.opened or {}) if global_scan is not None else {}
    problems = [
        ChainBreak(
            key,
            None,
            1,
            f"opened by global event {sequence} but has no events (the chain was deleted)",
        )
        for key, sequence in opened.items()
        if key not in scans or scans[key].count == 0
    ]
    for key, scan in scans.items():
        if key != GLOBAL_CHAIN and (scan.first_format or 0) >= 2 and key not in opened:
            problems.append(
                ChainBreak(key, None, 1, "the global chain does not record this chain's opening")
            )
    problems.extend(_organizations_without_chain(scans))
    return problems


def _organizations_without_chain(scans: dict[str, _ChainScan]) -> list[ChainBreak]:
    """Chains written before `audit.chain_opened` existed (format 1) are checked the old way:
    every organization created before the first format-2 event must still have its chain.
    (Deleting every first-release event of every organization hides the old install; only an
    anchor catches that.)"""
    if not AuditEvent.objects.filter(format=1).exists():
        return []
    cutoff = AuditEvent.objects.filter(format__gte=2).aggregate(first=Min("created_at"))["first"]
    organization_model: Any = AuditEvent._meta.get_field("organization").related_model
    organizations = organization_model._base_manager.all()
    if cutoff is not None:
        organizations = organizations.filter(created_at__lt=cutoff)
    return [
        ChainBreak(f"org:{pk}", None, 1, f"organization {pk} has no audit chain (deleted)")
        for pk in organizations.values_list("pk", flat=True)
        if f"org:{pk}" not in scans or scans[f"org:{pk}"].count == 0
    ]
