"""What this area registers at start-up: its audit event types and the application review
workflow. `register()` is called from CertificationConfig.ready()."""


def register() -> None:
    from . import events, workflows  # noqa: F401  (event types; the workflow registers itself)
