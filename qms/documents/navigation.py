"""Menu entries of documents: the register, revisions awaiting work, reading and its
registers (acknowledgements, distribution), periodic review and its history, numbering
schemes."""

from django.utils.translation import gettext_lazy as _

from qms.core.navigation import MenuItem, register_menu

register_menu(
    _("Documents"),
    MenuItem(_("Document register"), "documents:document_list", "documents.view_document"),
    MenuItem(_("Revisions"), "documents:documentrevision_list", "documents.view_documentrevision"),
    MenuItem(_("To read"), "documents:to_read", "documents.acknowledge_acknowledgement"),
    MenuItem(_("Reading matrix"), "documents:reading_matrix", "documents.view_acknowledgement"),
    MenuItem(
        _("Acknowledgements"), "documents:acknowledgement_list", "documents.view_acknowledgement"
    ),
    MenuItem(
        _("Distribution"),
        "documents:documentdistribution_list",
        "documents.view_documentdistribution",
    ),
    MenuItem(_("Periodic review"), "documents:review_due", "documents.view_document"),
    MenuItem(_("Review history"), "documents:documentreview_list", "documents.view_documentreview"),
    MenuItem(_("Retention"), "documents:retention", "documents.dispose_document"),
    MenuItem(
        _("Numbering schemes"),
        "documents:numberingscheme_list",
        "documents.change_numberingscheme",
    ),
    weight=30,
)
