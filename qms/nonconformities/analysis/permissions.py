"""Permission rows of the root-cause analysis models (called from the app's ready())."""


def register() -> None:
    """Register the analysis models' permission rows."""
