"""What this area registers at start-up: `register()` is called from CertificationConfig.ready()."""


def register() -> None:
    pass
