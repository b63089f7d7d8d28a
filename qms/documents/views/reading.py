"""Pages of distribution and read-and-acknowledge: "To read", one acknowledgement, adding
and removing distribution lines, and the reading matrix across documents."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.accounts.models import User
from qms.core.errors import Conflict, StaleVersion
from qms.core.permissions import role_choices
from qms.core.views.generic import TenantViewMixin, apply_validation_error
from qms.organizations.models import Process

from ..choices import DistributionKind, RevisionStatus
from ..models import Acknowledgement, Document, DocumentDistribution
from ..selectors import reading as selectors
from ..services import reading as services


class AcknowledgeForm(forms.Form):
    """The reader's "I have read and understood", signed with their password."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Re-enter your password to sign: it is your signature."),
    )


class DistributionForm(forms.Form):
    """One distribution line: a role, a person or a process (the field of the kind chosen)."""

    kind = forms.ChoiceField(label=gettext_lazy("Distribute to"), choices=DistributionKind.choices)
    role = forms.ChoiceField(label=gettext_lazy("Role"), required=False)
    user = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=User.objects.none(), required=False
    )
    process = forms.ModelChoiceField(
        label=gettext_lazy("Process"), queryset=Process.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field: Any = self.fields["role"]
        role_field.choices = [("", "---------"), *role_choices()]
        user_field: Any = self.fields["user"]
        user_field.queryset = (
            User.objects.filter(memberships__organization=organization, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        )
        process_field: Any = self.fields["process"]
        process_field.queryset = Process.objects.for_organization(organization).order_by(
            "code", "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = str(data.get("kind") or "")
        needs: dict[str, tuple[str, str]] = {
            DistributionKind.ROLE.value: ("role", _("Choose the role.")),
            DistributionKind.USER.value: ("user", _("Choose the person.")),
            DistributionKind.PROCESS.value: ("process", _("Choose the process.")),
        }
        wanted = needs.get(kind)
        if wanted and not data.get(wanted[0]):
            self.add_error(wanted[0], wanted[1])
        return data


class ReadingFilterForm(forms.Form):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Document"), queryset=Document.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=User.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any")), *selectors.STATUS_LABELS.items()],
    )

    def __init__(self, *args: Any, documents: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document_field: Any = self.fields["document"]
        document_field.queryset = documents
        person_field: Any = self.fields["person"]
        person_field.queryset = people


def _actor(request: HttpRequest) -> User:
    """The logged-in user (the views require a login)."""
    return cast("User", request.user)


def _breadcrumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Documents"), reverse("documents:document_list")),
        *items,
    ]


class ToReadView(TenantViewMixin, View):
    """My pending acknowledgements of effective revisions, each with its signing form."""

    model = Acknowledgement
    template_name = "documents/reading/to_read.html"

    def context(
        self, *, failed: Acknowledgement | None = None, form: AcknowledgeForm | None = None
    ) -> dict[str, Any]:
        items = list(
            selectors.acknowledgements_to_read(
                user=self.request.user, organization=self.organization
            )
        )
        rows = [
            {
                "acknowledgement": item,
                "status": selectors.acknowledgement_status(item),
                "form": form
                if failed is not None and item.pk == failed.pk
                else AcknowledgeForm(prefix=f"ack{item.pk}"),
            }
            for item in items
        ]
        return {
            "title": _("To read"),
            "rows": rows,
            "breadcrumbs": _breadcrumbs((_("To read"), None)),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name, self.context())


class AcknowledgementDetailView(TenantViewMixin, View):
    model = Acknowledgement
    template_name = "documents/reading/acknowledgement_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            item = selectors.acknowledgement_get(
                user=request.user, organization=self.organization, pk=kwargs["pk"]
            )
        except Acknowledgement.DoesNotExist:
            raise Http404 from None
        status = selectors.acknowledgement_status(item)
        may_sign = (
            item.user_id == request.user.pk
            and item.acknowledged_at is None
            and item.revision.status == RevisionStatus.EFFECTIVE
        )
        return render(
            request,
            self.template_name,
            {
                "object": item,
                "title": str(item),
                "status": status,
                "status_label": selectors.STATUS_LABELS[status],
                "form": AcknowledgeForm(prefix=f"ack{item.pk}") if may_sign else None,
                "breadcrumbs": _breadcrumbs(
                    (_("Acknowledgements"), reverse("documents:acknowledgement_list")),
                    (str(item), None),
                ),
            },
        )


class AcknowledgeView(TenantViewMixin, View):
    """POST: sign one acknowledgement; a refusal shows "To read" again with the reason."""

    model = Acknowledgement

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = get_object_or_404(
            Acknowledgement.objects.for_user(
                request.user, "acknowledge", organization=self.organization
            ).select_related("revision", "revision__document"),
            pk=kwargs["pk"],
        )
        form = AcknowledgeForm(request.POST, prefix=f"ack{item.pk}")
        status = 400
        if form.is_valid():
            try:
                services.acknowledgement_sign(
                    actor=_actor(request),
                    acknowledgement=item,
                    password=form.cleaned_data["password"],
                )
            except Conflict as error:
                apply_validation_error(form, ValidationError(error.errors or str(error)))
                status = 409
            else:
                messages.success(
                    request,
                    _("Thank you: you have acknowledged %(revision)s.")
                    % {"revision": item.revision},
                )
                return HttpResponseRedirect(reverse("documents:to_read"))
        view = ToReadView()
        view.setup(request)
        return render(
            request, ToReadView.template_name, view.context(failed=item, form=form), status=status
        )


# --- Distribution --------------------------------------------------------------------------


class DistributionAddView(TenantViewMixin, View):
    model = Document
    template_name = "documents/reading/distribution_form.html"

    def get_document(self) -> Document:
        document: Document = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("distribute", obj=document)
        return document

    def page(self, document: Document, form: DistributionForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "object": document,
                "form": form,
                "title": _("Distribute %(document)s") % {"document": document},
                "cancel_url": document.get_absolute_url(),
                "breadcrumbs": _breadcrumbs(
                    (str(document), document.get_absolute_url()), (_("Distribute"), None)
                ),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_document()
        return self.page(document, DistributionForm(organization=self.organization))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = self.get_document()
        form = DistributionForm(request.POST, organization=self.organization)
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if value}
            try:
                services.distribution_add(actor=_actor(request), document=document, data=data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Distribution updated."))
                return HttpResponseRedirect(document.get_absolute_url() + "#reading")
        return self.page(document, form, status=400)


class DistributionRemoveView(TenantViewMixin, View):
    model = DocumentDistribution

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        line = get_object_or_404(
            DocumentDistribution.objects.for_user(
                request.user, "view", organization=self.organization
            ).select_related("document"),
            pk=kwargs["pk"],
        )
        document = line.document
        try:
            version = int(request.POST.get("version") or 0) or None
            services.distribution_remove(actor=_actor(request), distribution=line, version=version)
        except PermissionDenied:
            raise
        except (StaleVersion, ValueError):
            messages.error(request, _("The distribution changed meanwhile: nothing was removed."))
        else:
            messages.success(request, _("Removed from the distribution."))
        return HttpResponseRedirect(document.get_absolute_url() + "#reading")


# --- The matrix ----------------------------------------------------------------------------


class ReadingMatrixView(TenantViewMixin, View):
    """People by effective revisions: read, pending or overdue; a bar per document."""

    model = Acknowledgement
    template_name = "documents/reading/matrix.html"
    filter_fields: ClassVar[tuple[str, ...]] = ("document", "person", "status")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        organization = self.organization
        documents = Document.objects.for_user(
            request.user, "view", organization=organization
        ).filter(current_revision__isnull=False)
        people = (
            User.objects.filter(memberships__organization=organization)
            .distinct()
            .order_by("full_name", "email")
        )
        form = ReadingFilterForm(request.GET or None, documents=documents, people=people)
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "document": data["document"].pk if data.get("document") else None,
                "person": data["person"].pk if data.get("person") else None,
                "status": data.get("status") or "",
            }
        matrix = selectors.reading_matrix(user=request.user, organization=organization, **filters)
        return render(
            request,
            self.template_name,
            {
                "title": _("Reading matrix"),
                "form": form,
                "matrix": matrix,
                "filtered": any(filters.values()),
                "breadcrumbs": _breadcrumbs((_("Reading matrix"), None)),
            },
        )
