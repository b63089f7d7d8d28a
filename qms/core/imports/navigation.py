"""The menu entry of the imports page (module-level: registered once, on first import)."""

from django.utils.translation import gettext_lazy as _

from ..navigation import MenuItem, register_menu

register_menu(
    _("Administration"),
    MenuItem(_("Imports"), "core:import_index", "core.add_importrun"),
    weight=900,
)
