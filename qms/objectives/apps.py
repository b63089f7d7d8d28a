from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    name = "qms.objectives"
    label = "objectives"
    verbose_name = "Quality objectives"

    def ready(self) -> None:
        from . import events, permissions  # noqa: F401  (event types)

        permissions.register()
        from . import importers, workflows  # noqa: F401  (importer, workflow)

        importers.register()
        if _urls_wired():
            from . import navigation  # noqa: F401  (menu, home card)


def _urls_wired() -> bool:
    """Whether the root URLconf includes this app's pages (the lead wires them in qms/urls.py);
    until then the menu entry and home card would break every page's menu. Remove this
    check once qms/urls.py includes qms.objectives.urls."""
    import importlib.util
    from pathlib import Path

    from django.conf import settings

    spec = importlib.util.find_spec(settings.ROOT_URLCONF)
    if spec is None or spec.origin is None:
        return False
    return "qms.objectives.urls" in Path(spec.origin).read_text(encoding="utf-8")
