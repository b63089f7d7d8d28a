"""The public answer link (`/s/<token>/`), mounted outside the members' pages."""

from django.urls import path

from .views import public

app_name = "surveys_public"

urlpatterns = [path("<str:token>/", public.answer, name="answer")]
