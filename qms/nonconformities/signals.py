"""Signals other apps may subscribe to without this app knowing them.

`nonconformity_closed` is sent by the close step (services.close_effect), inside its
transaction, with `nonconformity` (the closed record). A receiver that writes elsewhere
should do so on commit, so it never blocks the close; the certification body's side uses it
to report the closure of a nonconformity it raised in the client's register.
"""

from django.dispatch import Signal

nonconformity_closed = Signal()
