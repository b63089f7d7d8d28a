from django.urls import URLPattern, URLResolver

app_name = "access_grants"

urlpatterns: list[URLPattern | URLResolver] = []
