"""What this area registers at start-up (events, workflows, reminders): `register()` is
called from CertificationConfig.ready()."""


def register() -> None:
    from . import events, reminders, workflows  # noqa: F401  (registered at import)

    reminders.register()
