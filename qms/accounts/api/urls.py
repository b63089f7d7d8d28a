from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("accounts/members", views.MembershipViewSet, basename="accounts-membership")
router.register("accounts/invitations", views.InvitationViewSet, basename="accounts-invitation")
router.register("accounts/tokens", views.TokenViewSet, basename="accounts-token")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="accounts-me"),
    *router.urls,
]
