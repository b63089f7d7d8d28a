"""Pages of management reviews: the list, plan/edit, the detail with its input pack,
attendance, decisions and minutes, the compile button, the forms for a section's text and
the minutes, and the PDF of the pack and minutes. Workflow steps go through core's
ObjectTransitionView."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.charts import Chart, Series, bar_chart
from qms.core.errors import Conflict, StaleVersion
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
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
from .specs import ATTENDANCE, OUTPUT, REVIEW, SECTION


def section_chart(section: InputSection) -> Chart | None:
    """The bar chart of a section whose figures carry a series (else None)."""
    for item in section.figures:
        series = item.get("series") if isinstance(item, dict) else None
        if series and series.get("labels"):
            return bar_chart(
                title=f"{section.clause}: {series['title']}",
                labels=[str(x) for x in series["labels"]],
                series=[Series(str(series["title"]), [float(v) for v in series["values"]])],
                unit=str(series.get("unit") or ""),
                horizontal=len(series["labels"]) > 4,
            )
    return None


def plain_figures(section: InputSection) -> list[dict[str, Any]]:
    return [f for f in section.figures if isinstance(f, dict) and "label" in f]


def pack_items(review: ManagementReview) -> list[dict[str, Any]]:
    return [
        {
            "section": section,
            "figures": plain_figures(section),
            "chart": section_chart(section),
        }
        for section in selectors.sections_of(review=review)
    ]


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
            try:
                services.attendance_add(
                    actor=request.user,  # type: ignore[arg-type]
                    review=review,
                    data={k: form.cleaned_data[k] for k in ("user", "name", "role", "status")},
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Attendance recorded."))
                return HttpResponseRedirect(review.get_absolute_url() + "#attendance")
        return self.detail_again(review, attendance_form=form)


class AttendanceChangeView(TenantViewMixin, View):
    model = Attendance
    template_name = "management_reviews/part_form.html"

    def get_attendance(self) -> Attendance:
        obj: Attendance = get_object_or_404(
            self.scoped("view").select_related("review", "user"), pk=self.kwargs["pk"]
        )
        if obj.review.status not in OPEN_STATES or not self.can("change", obj=obj):
            raise PermissionDenied
        return obj

    def render_form(self, obj: Attendance, form: Any, status: int = 200) -> HttpResponse:
        title = _("Attendance of %(person)s") % {"person": obj.person}
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": title,
                "object": obj.review,
                "cancel_url": obj.review.get_absolute_url() + "#attendance",
                "breadcrumbs": _crumbs(obj.review, title),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_attendance()
        return self.render_form(
            obj, AttendanceStatusForm(initial={"role": obj.role, "status": obj.status})
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_attendance()
        form = AttendanceStatusForm(request.POST)
        if not form.is_valid():
            return self.render_form(obj, form, status=400)
        try:
            services.attendance_update(
                actor=request.user,  # type: ignore[arg-type]
                attendance=obj,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_form(obj, form, status=400)
        except Conflict as error:
            form.add_error(None, error.message)
            return self.render_form(obj, form, status=409)
        messages.success(request, _("Attendance saved."))
        return HttpResponseRedirect(obj.review.get_absolute_url() + "#attendance")


def _crumbs(review: ManagementReview, title: str) -> list[tuple[str, str | None]]:
    return [
        (_("Home"), reverse("core:dashboard")),
        (_("Management reviews"), reverse("management_reviews:managementreview_list")),
        (str(review), review.get_absolute_url()),
        (title, None),
    ]


class OutputAddView(_ReviewPart):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        form = OutputForm(request.POST, organization=self.organization, prefix="out")
        if form.is_valid():
            try:
                services.output_create(
                    actor=request.user,  # type: ignore[arg-type]
                    review=review,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision recorded with its action."))
                return HttpResponseRedirect(review.get_absolute_url() + "#outputs")
        return self.detail_again(review, output_form=form)


class SectionTextView(TenantViewMixin, View):
    model = InputSection
    template_name = "management_reviews/part_form.html"

    def get_section(self) -> InputSection:
        obj: InputSection = get_object_or_404(
            self.scoped("view").select_related("review"), pk=self.kwargs["pk"]
        )
        if obj.review.status not in OPEN_STATES or not self.can("change", obj=obj):
            raise PermissionDenied
        return obj

    def render_form(self, obj: InputSection, form: Any, status: int = 200) -> HttpResponse:
        title = f"{obj.clause} {obj.title}"
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": title,
                "object": obj.review,
                "help": obj.note,
                "cancel_url": obj.review.get_absolute_url() + f"#section-{obj.key}",
                "breadcrumbs": _crumbs(obj.review, title),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_section()
        return self.render_form(obj, SectionTextForm(initial={"text": obj.manual_text}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_section()
        form = SectionTextForm(request.POST)
        if not form.is_valid():
            return self.render_form(obj, form, status=400)
        try:
            services.section_text_update(
                actor=request.user,  # type: ignore[arg-type]
                section=obj,
                text=form.cleaned_data["text"],
            )
        except Conflict as error:
            form.add_error(None, error.message)
            return self.render_form(obj, form, status=409)
        messages.success(request, _("Section text saved."))
        return HttpResponseRedirect(obj.review.get_absolute_url() + f"#section-{obj.key}")


class MinutesView(_ReviewPart):
    template_name = "management_reviews/part_form.html"

    def get_review(self) -> ManagementReview:
        review = super().get_review()
        if review.status not in OPEN_STATES:
            raise PermissionDenied
        return review

    def render_form(self, review: ManagementReview, form: Any, status: int = 200) -> HttpResponse:
        title = _("Minutes and conclusion")
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": title,
                "object": review,
                "help": _(
                    "The conclusion records top management's judgement of whether the QMS "
                    "is still suitable, adequate and effective. The date the meeting was "
                    "held can be set once it is recorded as held."
                ),
                "cancel_url": review.get_absolute_url() + "#minutes",
                "breadcrumbs": _crumbs(review, title),
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        form = MinutesForm(instance=review, organization=self.organization)
        return self.render_form(review, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review = self.get_review()
        form = MinutesForm(request.POST, instance=review, organization=self.organization)
        status = 400
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("minutes", "conclusion")}
            if review.status == ReviewStatus.HELD:
                data["held_on"] = form.cleaned_data["held_on"]
            try:
                services.minutes_update(
                    actor=request.user,  # type: ignore[arg-type]
                    instance=review,
                    data=data,
                    version=getattr(form, "edited_version", None),
                )
            except StaleVersion as error:
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, _("Minutes saved."))
                return HttpResponseRedirect(review.get_absolute_url() + "#minutes")
        return self.render_form(review, form, status=status)


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
        context["item"] = {
            "section": obj,
            "figures": plain_figures(obj),
            "chart": section_chart(obj),
        }
        return context


class OutputListView(ObjectListView):
    model = Output
    columns = OUTPUT.columns
    title = "Management review decisions"


class OutputDetailView(ObjectDetailView):
    spec = OUTPUT
