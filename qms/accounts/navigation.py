from django.utils.translation import gettext_lazy as _

from qms.core.navigation import MenuItem, register_menu

register_menu(
    _("Administration"),
    MenuItem(_("Members"), "accounts:membership_list", "accounts.view_membership"),
    MenuItem(_("Invitations"), "accounts:invitation_list", "accounts.view_invitation"),
    MenuItem(_("Audit log"), "core:auditevent_list", "core.view_auditevent"),
    MenuItem(_("Electronic signatures"), "core:signature_list", "core.view_signature"),
    weight=900,
)
