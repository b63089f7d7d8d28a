from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from .models import Audit, AuditProgramme
from .views import audits, checklists, findings, kpis, programmes, reports

app_name = "internal_audits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", audits.AuditListView.as_view(), name="audit_list"),
    path("add/", audits.AuditCreateView.as_view(), name="audit_add"),
    path("kpis/", kpis.AuditKpiView.as_view(), name="audit_kpis"),
    path("<int:pk>/", audits.AuditDetailView.as_view(), name="audit_detail"),
    path("<int:pk>/edit/", audits.AuditUpdateView.as_view(), name="audit_edit"),
    path("<int:pk>/follow-up/", audits.AuditFollowUpView.as_view(), name="audit_follow_up"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Audit),
        name="audit_transition",
    ),
    path("programmes/", programmes.ProgrammeListView.as_view(), name="auditprogramme_list"),
    path("programmes/add/", programmes.ProgrammeCreateView.as_view(), name="auditprogramme_add"),
    path(
        "programmes/<int:pk>/",
        programmes.ProgrammeDetailView.as_view(),
        name="auditprogramme_detail",
    ),
    path(
        "programmes/<int:pk>/edit/",
        programmes.ProgrammeUpdateView.as_view(),
        name="auditprogramme_edit",
    ),
    path(
        "programme-processes/",
        programmes.ProgrammeProcessListView.as_view(),
        name="programmeprocess_list",
    ),
    path(
        "programme-processes/<int:pk>/",
        programmes.ProgrammeProcessDetailView.as_view(),
        name="programmeprocess_detail",
    ),
    path(
        "programme-processes/<int:pk>/edit/",
        programmes.ProgrammeProcessUpdateView.as_view(),
        name="programmeprocess_edit",
    ),
    path(
        "programmes/<int:pk>/processes/",
        programmes.ProgrammeRowsView.as_view(),
        name="auditprogramme_rows",
    ),
    path(
        "programmes/<int:pk>/plan/",
        programmes.ProgrammePlanView.as_view(),
        name="auditprogramme_plan",
    ),
    path(
        "programmes/<int:pk>/calendar/",
        programmes.ProgrammeCalendarView.as_view(),
        name="auditprogramme_calendar",
    ),
    path(
        "programmes/<int:pk>/coverage/",
        programmes.ProgrammeCoverageView.as_view(),
        name="auditprogramme_coverage",
    ),
    path(
        "programmes/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(AuditProgramme),
        name="auditprogramme_transition",
    ),
    path("<int:pk>/checklist/", checklists.ChecklistView.as_view(), name="checklist"),
    path(
        "<int:pk>/checklist/generate/",
        checklists.ChecklistGenerateView.as_view(),
        name="checklist_generate",
    ),
    path("checklist-items/", checklists.ChecklistItemListView.as_view(), name="checklistitem_list"),
    path(
        "checklist-items/<int:pk>/",
        checklists.ChecklistItemDetailView.as_view(),
        name="checklistitem_detail",
    ),
    path(
        "checklist-items/<int:pk>/answer/",
        checklists.ChecklistItemAnswerView.as_view(),
        name="checklistitem_edit",
    ),
    path("findings/", findings.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", findings.FindingDetailView.as_view(), name="finding_detail"),
    path("<int:pk>/report.pdf", reports.AuditReportPdfView.as_view(), name="audit_report_pdf"),
    path("<int:pk>/report.docx", reports.AuditReportDocxView.as_view(), name="audit_report_docx"),
]
