"""/external/: the read-only portal of an external person with an open access grant.

Every request re-reads the grant and checks the clock: before the window, after it or after
revocation the grant does not exist for the person (404), as does any record outside its
scope. Each page opened writes an `access_grants.page_viewed` audit event (grant, path,
record) in the same request; the organization sees them on the grant's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from qms.core.attachments.selectors import attachments_for
from qms.core.errors import Conflict
from qms.core.tables import raw_value, text_value
from qms.core.views.attachments import file_response
from qms.core.views.generic import apply_validation_error

from . import selectors, services
from .choices import RequestStatus
from .forms import EvidenceAskForm, ReopenForm
from .models import AccessGrant, EvidenceRequest
from .records import RecordType, Scope, record_types

PER_PAGE = 100  # rows per page of a portal list


def display(obj: Any, path: str) -> str:
    """The text of `obj`'s attribute path as a reader sees it: core.tables' raw_value and
    text_value (choices by label, dates ISO, as on the organization's own lists)."""
    if path == "__str__":
        return str(obj)
    return text_value(raw_value(obj, path)) or "—"


@method_decorator(login_required, name="dispatch")
class PortalView(View):
    """A page of one open grant; subclasses implement `page()`."""

    grant: AccessGrant
    scope: Scope
    request: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # login_required redirects
        self.grant = selectors.open_grant_for(
            user=request.user, pk=kwargs.pop("grant"), now=timezone.now()
        )
        self.scope = selectors.scope_of(self.grant)
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            # The grant is open but the page is outside it: refused, and logged as such.
            services.page_denial_record(
                actor=request.user, grant=self.grant, path=request.get_full_path()
            )
            raise

    def kind(self, key: str) -> RecordType:
        found = record_types().get(key)
        if found is None or key not in self.scope.record_types:
            raise Http404
        return found

    def log(self, *, record: Any = None, record_type: str = "") -> None:
        services.page_view_record(
            actor=self.request.user,
            grant=self.grant,
            path=self.request.get_full_path(),
            record=record,
            record_type=record_type,
        )

    def render_page(
        self, template: str, context: dict[str, Any], status: int = 200
    ) -> HttpResponse:
        types = record_types()
        base = {
            "grant": self.grant,
            "organization": self.grant.organization,
            "granted_types": [
                (key, types[key].label) for key in self.grant.record_types if key in types
            ],
            "external": True,
        }
        return render(self.request, template, {**base, **context}, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's open grants (any organization). The visit is logged on each of them."""
    user: Any = request.user
    grants = selectors.open_grants_of(user=user, now=timezone.now())
    if not grants:  # before the window, after it or revoked: nothing to see (404)
        raise Http404
    for grant in grants:
        services.page_view_record(actor=user, grant=grant, path=request.get_full_path())
    return render(
        request,
        "access_grants/external/home.html",
        {"grants": grants, "title": "External access", "external": True},
    )


class GrantHomeView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.log()
        return self.render_page(
            "access_grants/external/grant.html",
            {
                "title": str(self.grant.organization.name),
                "editions": list(self.grant.editions.all()),
                "clauses": list(self.grant.clauses.all()),
                "processes": list(self.grant.processes.all()),
                "open_requests": selectors.requests_of_grant(grant=self.grant)
                .filter(status=RequestStatus.OPEN)
                .count(),
            },
        )


class RecordListView(PortalView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        record_type = self.kind(kind)
        self.log(record_type=kind)
        if record_type.report is not None:
            context = record_type.report(self.grant.organization, self.scope)
            return self.render_page(
                "access_grants/external/report.html",
                {
                    "record_type": record_type,
                    "kind": kind,
                    "title": str(record_type.label),
                    **context,
                },
            )
        paginator = Paginator(record_type.queryset(self.grant.organization, self.scope), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        table = [
            (row.pk, [(str(label), display(row, path)) for label, path in record_type.columns])
            for row in page.object_list
        ]
        return self.render_page(
            "access_grants/external/record_list.html",
            {
                "record_type": record_type,
                "kind": kind,
                "title": str(record_type.label),
                "headers": [str(label) for label, _path in record_type.columns],
                "rows": table,
                "page": page,
            },
        )


class RecordDetailView(PortalView):
    def record(self, kind: str, pk: int) -> tuple[RecordType, Any]:
        record_type = self.kind(kind)
        if record_type.report is not None:
            raise Http404
        obj = record_type.queryset(self.grant.organization, self.scope).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return record_type, obj

    def files(self, record_type: RecordType, obj: Any) -> list[Any]:
        found = list(record_type.files(obj)) if record_type.files is not None else []
        found += [a for a in attachments_for(subject=obj) if a not in found]
        return found

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
        record_type, obj = self.record(kind, pk)
        self.log(record=obj, record_type=kind)
        extra = record_type.detail_context(obj, self.scope) if record_type.detail_context else {}
        return self.render_page(
            "access_grants/external/record_detail.html",
            {
                "record_type": record_type,
                "kind": kind,
                "object": obj,
                "title": str(obj),
                "rows": [(str(label), display(obj, path)) for label, path in record_type.fields],
                "files": self.files(record_type, obj),
                "detail_template": record_type.detail_template,
                **extra,
            },
        )


class RecordFileView(RecordDetailView):
    def get(self, request: HttpRequest, kind: str, pk: int, file: int) -> HttpResponseBase:  # type: ignore[override]
        record_type, obj = self.record(kind, pk)
        attachment = next((a for a in self.files(record_type, obj) if a.pk == file), None)
        if attachment is None:
            raise Http404
        self.log(record=obj, record_type=kind)
        return file_response(attachment)


class RecordPdfView(RecordDetailView):
    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
        record_type, obj = self.record(kind, pk)
        if record_type.pdf is None:
            raise Http404
        self.log(record=obj, record_type=kind)
        return record_type.pdf(obj, self.scope)


class RequestListView(PortalView):
    def _render(self, form: EvidenceAskForm, status: int = 200) -> HttpResponse:
        return self.render_page(
            "access_grants/external/requests.html",
            {
                "title": "Evidence requests",
                "requests": list(selectors.requests_of_grant(grant=self.grant)),
                "form": form,
                "today": timezone.localdate(),
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        self.log(record_type="evidence_requests")
        return self._render(EvidenceAskForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EvidenceAskForm(request.POST)
        if form.is_valid():
            try:
                created = services.request_create(
                    actor=self.request.user, grant=self.grant, data=form.cleaned_data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Request {created.number} sent.")
                return HttpResponseRedirect(
                    reverse("external:request_detail", args=[self.grant.pk, created.pk])
                )
        self.log(record_type="evidence_requests")
        return self._render(form, status=400)


class RequestDetailView(PortalView):
    def _render(
        self, obj: EvidenceRequest, form: ReopenForm | None = None, status: int = 200
    ) -> HttpResponse:
        types = record_types()
        links = []
        for key, pk in obj.linked_records or ():
            kind = types.get(key)
            if kind is None or key not in self.scope.record_types:
                continue
            found = kind.queryset(self.grant.organization, self.scope).filter(pk=pk).first()
            if found is not None:
                links.append((key, found))
        return self.render_page(
            "access_grants/external/request_detail.html",
            {
                "title": f"Evidence request {obj.number}",
                "req": obj,
                "files": list(attachments_for(subject=obj))
                if obj.status != RequestStatus.OPEN
                else [],
                "links": links,
                "reopen_form": form or ReopenForm(),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.request_of_grant(grant=self.grant, pk=pk)
        self.log(record=obj, record_type="evidence_requests")
        return self._render(obj)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = selectors.request_of_grant(grant=self.grant, pk=pk)
        form = None
        try:
            if request.POST.get("step") == "close":
                services.request_close(actor=self.request.user, grant=self.grant, instance=obj)
                messages.success(request, f"Request {obj.number} closed.")
            else:
                form = ReopenForm(request.POST)
                if not form.is_valid():
                    return self._render(obj, form, status=400)
                services.request_reopen(
                    actor=self.request.user,
                    grant=self.grant,
                    instance=obj,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, f"Request {obj.number} re-opened.")
        except Conflict as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(
            reverse("external:request_detail", args=[self.grant.pk, obj.pk])
        )


class RequestFileView(PortalView):
    def get(self, request: HttpRequest, pk: int, file: int) -> HttpResponseBase:
        obj = selectors.request_of_grant(grant=self.grant, pk=pk)
        if obj.status == RequestStatus.OPEN:
            raise Http404
        attachment = next((a for a in attachments_for(subject=obj) if a.pk == file), None)
        if attachment is None:
            raise Http404
        self.log(record=obj, record_type="evidence_requests")
        return file_response(attachment)
