"""Menu entries of the certification body's back office, registered in one place so their
order does not depend on which area imports first. Only the certification body's roles hold
these permissions, so an organization that is not a certification body never sees them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from qms.core.navigation import MenuItem, register_menu


def register() -> None:
    register_menu(
        gettext_lazy("Certification"),
        MenuItem(gettext_lazy("Clients"), "certification:client_list", "certification.view_client"),
        MenuItem(
            gettext_lazy("Applications"),
            "certification:application_list",
            "certification.view_application",
        ),
        MenuItem(
            gettext_lazy("Audit programmes"),
            "certification:programme_list",
            "certification.view_certificationprogramme",
        ),
        MenuItem(
            gettext_lazy("Audits due"),
            "certification:programme_calendar",
            "certification.view_certaudit",
        ),
        MenuItem(
            gettext_lazy("Audit findings"),
            "certification:certfinding_list",
            "certification.view_certfinding",
        ),
        MenuItem(
            gettext_lazy("Clients' responses"),
            "certification:findingresponse_list",
            "certification.view_findingresponse",
        ),
        MenuItem(
            gettext_lazy("Decisions"),
            "certification:decision_list",
            "certification.view_certificationdecision",
        ),
        MenuItem(
            gettext_lazy("Certificates"),
            "certification:certificate_list",
            "certification.view_certificate",
        ),
        MenuItem(
            gettext_lazy("Audit time"),
            "certification:audittime_list",
            "certification.view_audittimecalculation",
        ),
        weight=5,
    )
    register_menu(
        gettext_lazy("Certification body"),
        MenuItem(
            gettext_lazy("Body and policies"),
            "certification:body_detail",
            "certification.view_certificationbody",
        ),
        MenuItem(
            gettext_lazy("Accreditation"),
            "certification:accreditation_list",
            "certification.view_accreditation",
        ),
        MenuItem(
            gettext_lazy("Auditor qualifications"),
            "certification:qualification_list",
            "certification.view_auditorqualification",
        ),
        MenuItem(
            gettext_lazy("Client portal users"),
            "certification:portalaccess_list",
            "certification.view_portalaccess",
        ),
        MenuItem(
            gettext_lazy("Certificate status changes"),
            "certification:certificatestatuschange_list",
            "certification.view_certificatestatuschange",
        ),
        MenuItem(
            gettext_lazy("Competence matrix"),
            "certification:qualification_matrix",
            "certification.view_auditorqualification",
        ),
        weight=6,
    )
