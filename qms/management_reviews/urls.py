from django.urls import URLPattern, URLResolver

app_name = "management_reviews"

urlpatterns: list[URLPattern | URLResolver] = []
