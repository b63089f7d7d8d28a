"""The organization's register of electronic signatures: a list and one page per signature.

Read-only, like the audit log: a signature is only ever made by a signing service (a workflow
step) and never changed or deleted. Each page shows what §11.50 asks a signature to show,
printed name, date and time, meaning, and whether the signed record still has the content
that was signed.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ..filtersets import SearchFilterSet
from ..signatures import Meaning, Signature, signature_record_status
from ..tables import Cell, Column
from .generic import ObjectDetailView, ObjectListView


class SignatureFilterSet(SearchFilterSet):
    search_fields = ("signer_name", "signer_email", "subject_label", "reason")
    meaning = django_filters.ChoiceFilter(choices=Meaning.choices, label=_("Meaning"))
    subject_type = django_filters.CharFilter(label=_("Record type"), max_length=100)
    subject_id = django_filters.CharFilter(label=_("Record id"), max_length=64)

    class Meta(SearchFilterSet.Meta):
        model = Signature
        fields = ["q", "meaning", "subject_type", "subject_id"]


SIGNATURE_COLUMNS = (
    Column("signed_at", _("Signed at"), link=True),
    Column("signer_name", _("Signed by")),
    Column("meaning", _("Meaning")),
    Column("subject_label", _("Record"), sort=False),
    Column("transition", _("Step"), sort=False),
)


class SignatureListView(ObjectListView):
    model = Signature
    filterset_class = SignatureFilterSet
    title = str(_("Electronic signatures"))
    columns = SIGNATURE_COLUMNS

    def default_sort(self) -> str:
        return "-signed_at"


class SignatureDetailView(ObjectDetailView):
    model = Signature
    fields = (
        Column("signer_name", _("Signed by")),
        Column("signer_email", _("Signer's e-mail address")),
        Column("meaning", _("Meaning")),
        Column("signed_at", _("Signed at")),
        Column("subject_label", _("Record")),
        Column("subject_type", _("Record type")),
        Column("subject_id", _("Record id")),
        Column("transition", _("Step")),
        Column("reason", _("Reason")),
        Column("content_hash", _("Content hash (SHA-256)")),
        Column("request_id", _("Request id")),
        Column("ip", _("IP address")),
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["history"] = []
        status = signature_record_status(obj)
        text = str(status.label) if status else str(_("The signed record no longer exists."))
        context["field_rows"] = [*context["field_rows"], (_("Status"), Cell(text, None))]
        return context
