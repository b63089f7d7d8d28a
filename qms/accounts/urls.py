from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("switch/", views.switch_organization, name="switch_organization"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("members/", views.MembershipListView.as_view(), name="membership_list"),
    path("members/<int:pk>/", views.MembershipDetailView.as_view(), name="membership_detail"),
    path("members/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership_edit"),
    path(
        "members/<int:pk>/delete/", views.MembershipDeleteView.as_view(), name="membership_delete"
    ),
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("invitations/add/", views.InvitationCreateView.as_view(), name="invitation_add"),
    path("invitations/<int:pk>/", views.InvitationDetailView.as_view(), name="invitation_detail"),
    path(
        "invitations/<int:pk>/delete/",
        views.InvitationDeleteView.as_view(),
        name="invitation_delete",
    ),
    path("invitations/accept/<str:secret>/", views.invitation_accept, name="invitation_accept"),
]
