from rest_framework.routers import SimpleRouter

from ..audit_time import api as audit_time_api
from ..audits import api as audits_api
from ..body import api as body_api
from ..certificates import api as certificates_api
from ..clients import api as clients_api
from ..portal import api as portal_api
from ..programme import api as programme_api
from ..reports import api as reports_api

router = SimpleRouter()
for area in (
    body_api,
    clients_api,
    audit_time_api,
    programme_api,
    audits_api,
    portal_api,
    reports_api,
    certificates_api,
):
    area.register(router)

urlpatterns = router.urls
