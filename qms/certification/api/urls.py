from rest_framework.routers import SimpleRouter

from ..audit_time import api as audit_time_api
from ..body import api as body_api
from ..clients import api as clients_api
from ..programme import api as programme_api

router = SimpleRouter()
for area in (body_api, clients_api, audit_time_api, programme_api):
    area.register(router)

urlpatterns = router.urls
