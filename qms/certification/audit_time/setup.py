"""What this area registers at start-up (events, reminders, calendar sources, cards):
`register()` is called from CertificationConfig.ready()."""


def register() -> None:
    from . import events  # noqa: F401  (registers the event types)
