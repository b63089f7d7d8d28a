from django.urls import URLPattern, URLResolver

app_name = "internal_audits"

urlpatterns: list[URLPattern | URLResolver] = []
