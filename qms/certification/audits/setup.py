"""What this area registers at start-up: `register()` is called from CertificationConfig.ready()."""


def register() -> None:
    from . import events  # noqa: F401  (event types registered at import)
