"""Forms of clients (consent, organization link), sites and contacts (added from the
client's page: the client is not a field), applications (the sites offered are the chosen
client's) and the pre-transfer review (one done box and finding per checklist item)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from qms.core.forms import TenantModelForm

from ..models import Client, ClientSite
from . import rules
from .specs import APPLICATION, CLIENT, CLIENT_CONTACT, CLIENT_SITE, TRANSFER_REVIEW


class ClientForm(TenantModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Client
        fields = CLIENT.fields
        widgets = dict(CLIENT.widgets)


def _without_client(spec: Any) -> Any:
    fields = tuple(name for name in spec.fields if name != "client")
    return modelform_factory(
        spec.model, form=TenantModelForm, fields=fields, widgets=dict(spec.widgets)
    )


ClientSiteForm: Any = _without_client(CLIENT_SITE)
ClientContactForm: Any = _without_client(CLIENT_CONTACT)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The client consents to public listing"),
        required=False,
        help_text=_(
            "Needed before its certificates appear in the public register or IAF CertSearch. "
            "The day of the change is recorded."
        ),
    )


class LinkForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name of the client's organization in this installation"),
        required=False,
        max_length=60,
        help_text=_(
            "Linked only when that organization's name is one of the client's names. The link "
            "shows the organization's name on this page and grants nothing else. Leave empty "
            "to remove the link."
        ),
    )


_ApplicationBase: Any = APPLICATION.form_class()


class ApplicationForm(_ApplicationBase):  # type: ignore[misc]
    """The sites offered are those of the chosen client only (in this organization): a site
    of another client, or of another organization, is "not a valid choice"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client_id = self._client_id()
        sites = ClientSite.objects.for_organization(self.organization)
        self.fields["sites"].queryset = (
            sites.filter(client_id=client_id) if client_id is not None else sites.none()
        )
        self.fields["sites"].help_text = _("The chosen client's sites in the scope.")
        self.fields["editions"].queryset = self.fields["editions"].queryset.select_related(
            "standard"
        )
        for name in (
            "full_time",
            "shifts",
            "part_time",
            "part_time_hours",
            "full_time_hours",
            "seasonal",
            "contractors",
            "repetitive_reduction",
        ):
            self.fields[name].widget.attrs.update({"data-enp": "", "min": "0"})

    def _client_id(self) -> int | None:
        if self.is_bound:
            raw = self.data.get(self.add_prefix("client"), "")
        else:
            raw = self.initial.get("client") or getattr(self.instance, "client_id", None) or ""
        raw = str(getattr(raw, "pk", raw))
        return int(raw) if raw.isdigit() else None


_ReviewBase: Any = modelform_factory(
    TRANSFER_REVIEW.model,
    form=TenantModelForm,
    fields=tuple(n for n in TRANSFER_REVIEW.fields if n not in ("application", "checklist")),
    widgets=dict(TRANSFER_REVIEW.widgets),
)


class TransferReviewForm(_ReviewBase):  # type: ignore[misc]
    """The review's facts, then each MD 2 checklist item: done (yes/no) and the finding."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = rules.checklist_rows(getattr(self.instance, "checklist", None))
        for row in stored:
            self.fields[f"{row.key}_done"] = forms.BooleanField(
                label=_("Done: %(item)s") % {"item": row.label},
                required=False,
                initial=row.done,
            )
            self.fields[f"{row.key}_finding"] = forms.CharField(
                label=_("Finding: %(item)s") % {"item": row.label},
                required=False,
                max_length=2000,
                initial=row.finding,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def checklist(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {"done": bool(data.get(f"{key}_done")), "finding": data.get(f"{key}_finding", "")}
            for key in rules.CHECKLIST_KEYS
        }

    def review_values(self) -> dict[str, Any]:
        """The service's `data`: the review's fields and the checklist."""
        names = [n for n in TRANSFER_REVIEW.fields if n in self.fields]
        return {**{n: self.cleaned_data[n] for n in names}, "checklist": self.checklist()}
