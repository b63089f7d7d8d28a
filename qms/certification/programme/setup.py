"""What this area registers at start-up (events, workflows, reminders, calendar sources):
`register()` is called from CertificationConfig.ready()."""


def register() -> None:
    from . import calendar, events, reminders, workflows  # noqa: F401  (registered at import)

    calendar.register()
    reminders.register()
