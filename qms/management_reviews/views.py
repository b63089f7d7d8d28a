"""Pages of management reviews: the list, plan/edit, the detail with its input pack,
attendance, decisions and minutes, the compile button, the forms for a section's text and
the minutes, and the PDF of the pack and minutes. Workflow steps go through core's
ObjectTransitionView."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_stale_version,
    apply_validation_error,
)

from . import selectors, services
from .choices import OPEN_STATES, ReviewStatus
from .filtersets import ReviewFilterSet
from .forms import (
    AttendanceForm,
    AttendanceStatusForm,
    MinutesForm,
    OutputForm,
    ReviewForm,
    SectionTextForm,
)
from .models import Attendance, InputSection, ManagementReview, Output
from .sections.display import pack_item, pack_items
from .specs import ATTENDANCE, OUTPUT, REVIEW, SECTION


class ReviewListView(ObjectListView):
    model = ManagementReview
    filterset_class = ReviewFilterSet
    columns = REVIEW.columns
    title = "Management reviews"


class ReviewDetailView(ObjectDetailView):
    spec = REVIEW
    template_name = "management_reviews/review_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        is_open = obj.status in OPEN_STATES
        may_change = is_open and self.can("change", obj=obj)
        if not may_change:
            context["edit_url"] = None
        context.update(
            {
                "review": obj,
                "items": pack_items(obj),
                "attendance": selectors.attendance_of(review=obj),
                "outputs": selectors.outputs_of(review=obj),
                "may_change": may_change,
                "may_compile": is_open
                and obj.status != ReviewStatus.PLANNED
                and self.can("compile", obj=obj),
                "attendance_form": AttendanceForm(organization=self.organization, prefix="att")
                if may_change
                else None,
                "output_form": OutputForm(organization=self.organization, prefix="out")
                if may_change and obj.status != ReviewStatus.PLANNED
                else None,
                "pdf_url": reverse("management_reviews:managementreview_pdf", args=[obj.pk]),
            }
        )
        return context


class ReviewCreateView(ObjectCreateView):
    spec = REVIEW
    form_class = ReviewForm
    create_service = staticmethod(services.review_create)


class ReviewUpdateView(ObjectUpdateView):
    spec = REVIEW
    form_class = ReviewForm
    update_service = staticmethod(services.review_update)

    def get_object(self) -> Any:
        obj = super().get_object()
        if obj.status not in OPEN_STATES:
            raise PermissionDenied
        return obj


def _refusal(form: Any, save: Callable[[], Any]) -> int | None:
    """Save through the service; when it refuses, put its reasons on the form and return
    the status to answer (400 bad input, 409 a conflict with the record's state)."""
    try:
        save()
    except StaleVersion as error:
        apply_stale_version(form, error)
        return 409
    except ValidationError as error:
        apply_validation_error(form, error)
        return 400
    except Conflict as error:
        form.add_error(None, error.message)
        return 409
    return None


def _crumbs(review: ManagementReview, title: str) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Management reviews"), reverse("management_reviews:managementreview_list")),
        (str(review), review.get_absolute_url()),
        (title, None),
    ]


class _ReviewPart(TenantViewMixin, View):
    """A form posted from (or beside) the review page; managers only, open reviews only."""

    model = ManagementReview
    permission = "change"

    def get_review(self) -> ManagementReview:
        review: ManagementReview = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        if not self.can(self.permission, obj=review):
            raise PermissionDenied
        return review

    def detail_again(self, review: ManagementReview, **forms: Any) -> HttpResponse:
        view = ReviewDetailView()
        view.setup(self.request, pk=review.pk)
        context = view.get_context_data(view.get_object())
        context.update(forms)
        return render(self.request, ReviewDetailView.template_name, context, status=400)


class CompileView(_ReviewPart):
    permission = "compile"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        try:
            services.pack_compile(actor=request.user, review=review)  # type: ignore[arg-type]
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Input pack compiled from the live records."))
        return HttpResponseRedirect(review.get_absolute_url() + "#pack")


class AttendanceAddView(_ReviewPart):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        form = AttendanceForm(request.POST, organization=self.organization, prefix="att")
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("user", "name", "role", "status")}
            refused = _refusal(
                form,
                lambda: services.attendance_add(
                    actor=request.user,  # type: ignore[arg-type]
                    review=review,
                    data=data,
                ),
            )
            if refused is None:
                messages.success(request, _("Attendance recorded."))
                return HttpResponseRedirect(review.get_absolute_url() + "#attendance")
        return self.detail_again(review, attendance_form=form)


class OutputAddView(_ReviewPart):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        form = OutputForm(request.POST, organization=self.organization, prefix="out")
        if form.is_valid():
            refused = _refusal(
                form,
                lambda: services.output_create(
                    actor=request.user,  # type: ignore[arg-type]
                    review=review,
                    data=form.cleaned_data,
                ),
            )
            if refused is None:
                messages.success(request, _("Decision recorded with its action."))
                return HttpResponseRedirect(review.get_absolute_url() + "#outputs")
        return self.detail_again(review, output_form=form)


class _PartFormView(TenantViewMixin, View):
    """The page of one form for a part of an open review (its attendance line, a section's
    text, the minutes): managers only; GET shows the form, POST saves it through the
    service and goes back to the review, or shows the form again with the service's
    reasons (400, or 409 for a conflict)."""

    template_name = "management_reviews/part_form.html"
    related: tuple[str, ...] = ("review",)
    anchor = ""
    success_message: Any = ""

    def get_part(self) -> Any:
        queryset = self.scoped("view")
        if self.related:
            queryset = queryset.select_related(*self.related)
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        if self.review_of(obj).status not in OPEN_STATES or not self.can("change", obj=obj):
            raise PermissionDenied
        return obj

    def review_of(self, obj: Any) -> ManagementReview:
        review: ManagementReview = obj.review
        return review

    def title_of(self, obj: Any) -> str:
        raise NotImplementedError

    def help_of(self, obj: Any) -> str:
        return ""

    def anchor_of(self, obj: Any) -> str:
        return self.anchor

    def make_form(self, obj: Any, data: Any = None) -> Any:
        raise NotImplementedError

    def save(self, obj: Any, form: Any) -> None:
        raise NotImplementedError

    def render_form(self, obj: Any, form: Any, status: int = 200) -> HttpResponse:
        review = self.review_of(obj)
        title = self.title_of(obj)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": title,
                "object": review,
                "help": self.help_of(obj),
                "cancel_url": review.get_absolute_url() + self.anchor_of(obj),
                "breadcrumbs": _crumbs(review, title),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_part()
        return self.render_form(obj, self.make_form(obj))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_part()
        form = self.make_form(obj, request.POST)
        if not form.is_valid():
            return self.render_form(obj, form, status=400)
        refused = _refusal(form, lambda: self.save(obj, form))
        if refused is not None:
            return self.render_form(obj, form, status=refused)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.review_of(obj).get_absolute_url() + self.anchor_of(obj))


class AttendanceChangeView(_PartFormView):
    model = Attendance
    related = ("review", "user")
    anchor = "#attendance"
    success_message = gettext_lazy("Attendance saved.")

    def title_of(self, obj: Attendance) -> str:
        return _("Attendance of %(person)s") % {"person": obj.person}

    def make_form(self, obj: Attendance, data: Any = None) -> Any:
        return AttendanceStatusForm(data, initial={"role": obj.role, "status": obj.status})

    def save(self, obj: Attendance, form: Any) -> None:
        services.attendance_update(
            actor=self.request.user,
            attendance=obj,
            data=form.cleaned_data,
        )


class SectionTextView(_PartFormView):
    model = InputSection
    success_message = gettext_lazy("Section text saved.")

    def title_of(self, obj: InputSection) -> str:
        return f"{obj.clause} {obj.title}"

    def help_of(self, obj: InputSection) -> str:
        return obj.note

    def anchor_of(self, obj: InputSection) -> str:
        return f"#section-{obj.key}"

    def make_form(self, obj: InputSection, data: Any = None) -> Any:
        return SectionTextForm(data, initial={"text": obj.manual_text})

    def save(self, obj: InputSection, form: Any) -> None:
        services.section_text_update(
            actor=self.request.user,
            section=obj,
            text=form.cleaned_data["text"],
        )


class MinutesView(_PartFormView):
    model = ManagementReview
    related = ()
    anchor = "#minutes"
    success_message = gettext_lazy("Minutes saved.")

    def review_of(self, obj: ManagementReview) -> ManagementReview:
        return obj

    def title_of(self, obj: ManagementReview) -> str:
        return _("Minutes and conclusion")

    def help_of(self, obj: ManagementReview) -> str:
        return _(
            "The conclusion records top management's judgement of whether the QMS "
            "is still suitable, adequate and effective. The date the meeting was "
            "held can be set once it is recorded as held."
        )

    def make_form(self, obj: ManagementReview, data: Any = None) -> Any:
        return MinutesForm(data, instance=obj, organization=self.organization)

    def save(self, obj: ManagementReview, form: Any) -> None:
        data = {k: form.cleaned_data[k] for k in ("minutes", "conclusion")}
        if obj.status == ReviewStatus.HELD:
            data["held_on"] = form.cleaned_data["held_on"]
        services.minutes_update(
            actor=self.request.user,
            instance=obj,
            data=data,
            version=getattr(form, "edited_version", None),
        )


class ReviewPdfView(TenantViewMixin, View):
    """The pack and the minutes as one PDF."""

    model = ManagementReview

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .pdf import review_response

        review = get_object_or_404(self.scoped("view").select_related("chair"), pk=kwargs["pk"])
        return review_response(review=review)


# --- The parts of reviews as registers of their own (every member reads them) ------------


class AttendanceListView(ObjectListView):
    model = Attendance
    columns = ATTENDANCE.columns
    title = "Management review attendance"


class AttendanceDetailView(ObjectDetailView):
    spec = ATTENDANCE

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        if obj.review.status not in OPEN_STATES:
            context["edit_url"] = None
        return context


class SectionListView(ObjectListView):
    model = InputSection
    columns = SECTION.columns
    title = "Management review input sections"


class SectionDetailView(ObjectDetailView):
    spec = SECTION
    template_name = "management_reviews/section_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        if obj.review.status not in OPEN_STATES:
            context["edit_url"] = None
        context["item"] = pack_item(obj)
        return context


class OutputListView(ObjectListView):
    model = Output
    columns = OUTPUT.columns
    title = "Management review decisions"


class OutputDetailView(ObjectDetailView):
    spec = OUTPUT
