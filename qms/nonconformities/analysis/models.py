"""Models of the root-cause analysis (re-exported by qms.nonconformities.models)."""

__all__: list[str] = []
