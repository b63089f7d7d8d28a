"""What `qms serve` runs: Django's WSGI handler behind uvicorn's event loop.

uvicorn reads each connection's request line and headers on its event loop, so a client
that drips its headers a byte a second costs a few kilobytes and no worker (gunicorn's sync
workers read headers themselves, one connection at a time: two such clients stopped the
server). Only a complete request head reaches Django, which runs as a plain WSGI
application in a small pool of threads per worker (a2wsgi).

Why not Django's own ASGI handler (`qms.asgi`): with our synchronous views and middleware it
hops threads several times per request and runs each request in a new thread, so database
connections are never reused. Measured on the same machine and run: /livez fell from about
1,800 to 430 requests/s and the API list from 320 to 150. Behind this bridge the API list
stays at 80-90 % of the sync workers' figure and /livez at about 75 % (the bridge costs
about 0.1 ms a request). More threads than two per worker only add GIL contention on a
small machine: four measured slower than one or two (QMS_THREADS, default 2).
"""

from __future__ import annotations

import gc

from a2wsgi import WSGIMiddleware
from django.conf import settings

from qms.wsgi import application as wsgi_application  # sets up Django

# django-stubs types the handler's return as HttpResponseBase, which is iterable bytes.
application = WSGIMiddleware(wsgi_application, workers=settings.SERVE_THREADS)  # type: ignore[arg-type]

# Freeze what start-up allocated (Django, the apps, their registries): `qms serve` preloads
# this module in gunicorn's master, so the workers inherit these objects and the cyclic
# garbage collector no longer walks them. Measured in-process over 2,000 API requests: a full
# collection took 134-167 ms (once every 1,000-2,000 requests, straight into the p99)
# before, 16-18 ms after. Freezing also keeps the forked workers' shared pages shared.
gc.collect()
gc.freeze()
