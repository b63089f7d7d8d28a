"""What this area registers at start-up: `register()` is called from CertificationConfig.ready().

Event types and the declared steps of findings and portal accesses; the reminders of the
client's responses and of the verification of majors; the portal as the home of a person
who is no member of any organization but has a portal access (accounts' outside-home hook,
as the external auditor's portal does); and the subscription to the client's register's
closures (qms.nonconformities.signals.nonconformity_closed).
"""


def register() -> None:
    from qms.accounts.middleware import register_outside_home
    from qms.nonconformities.signals import nonconformity_closed

    from . import events, reminders, workflows  # noqa: F401  (registered at import)
    from .nc_link import on_nonconformity_closed
    from .selectors import outside_home

    reminders.register()
    register_outside_home(outside_home)
    nonconformity_closed.connect(on_nonconformity_closed, dispatch_uid="certification.portal")
