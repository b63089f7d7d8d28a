"""What this area registers at start-up, called from CertificationConfig.ready(): its event
types, the accreditation workflow, the reminder rules and the home card."""


def register() -> None:
    from . import cards, events, reminders, workflows  # noqa: F401 - registered on import

    reminders.register()
