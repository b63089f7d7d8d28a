"""`{% reading_panel document %}`: the document page's distribution and acknowledgement panel
(distribution lines, add/remove for those who may distribute, and who has read the
effective revision). Three queries: the lines, the readers, and the memberships (cached per
request)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from qms.core.permissions import has_object_perm, role_choices

from ..choices import RevisionStatus
from ..rules import review_state
from ..selectors import reading as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def reading_panel(context: Any, document: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or document is None:
        return SafeString("")
    roles = dict(role_choices())
    lines = selectors.distribution_of(document=document)
    for line in lines:
        target = roles.get(line.role, line.role) if line.role else (line.user or line.process)
        line.target_label = str(target)  # type: ignore[attr-defined]
    revision = document.current_revision if document.current_revision_id else None
    if revision is not None and revision.status != RevisionStatus.EFFECTIVE:
        revision = None
    readers = selectors.revision_readers(revision=revision) if revision is not None else []
    mine = next(
        (
            cell.acknowledgement
            for cell in readers
            if cell.acknowledgement.user_id == user.pk and cell.status != selectors.READ
        ),
        None,
    )
    html = render_to_string(
        "documents/partials/_reading_panel.html",
        {
            "document": document,
            "lines": lines,
            "can_distribute": has_object_perm(
                user, document, "distribute", organization=document.organization_id
            ),
            "revision": revision,
            "readers": readers,
            "read_count": sum(1 for cell in readers if cell.status == selectors.READ),
            "my_acknowledgement": mine,
            "can_review": revision is not None
            and has_object_perm(user, document, "review", organization=document.organization_id),
            "review_state": review_state(document.next_review_on),
        },
        request=request,
    )
    return SafeString(html)
