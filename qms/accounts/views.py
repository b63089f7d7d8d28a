"""Log-in, passwords, invitations, members, API tokens and the organization switcher."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qms.core.tables import Column
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    apply_validation_error,
)

from . import selectors, services
from .acting import acting_user
from .filtersets import InvitationFilterSet, MembershipFilterSet
from .forms import (
    InvitationForm,
    LoginForm,
    MembershipRoleForm,
    NewAccountForm,
    ProfileForm,
    TokenForm,
)
from .middleware import SESSION_KEY
from .models import Invitation, Membership


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("core:dashboard")), *items]


# --- Log-in and passwords ---------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's log-in page, replaced: it would check passwords without the
    product's lockout. Staff log in through the product's page and come back to the admin;
    a logged-in person who is not staff is refused instead of looping between the two."""
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = reverse("admin:index")
    if request.user.is_authenticated:
        return HttpResponseRedirect(wanted)
    return redirect_to_login(wanted, login_url=reverse("accounts:login"))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.user_set_password(
            actor=acting_user(self.request),
            user=self.request.user,  # type: ignore[arg-type]
            password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(str(self.success_url))


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for a reset link. The e-mail is queued after commit for any address, known or
    not (services.password_reset_request), so the answer reveals nothing; too many requests
    for one address or from one client are refused for the hour."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.password_reset_request(email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(str(self.success_url))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        services.user_set_password(
            actor=user, user=user, password=form.cleaned_data["new_password1"], via_reset=True
        )
        services.login_failures_clear(email=user.email)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(str(self.success_url))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            actor=user, user=user, full_name=form.cleaned_data["full_name"]
        )
        messages.success(request, _("Profile saved."))
        return HttpResponseRedirect(reverse("accounts:profile"))
    context = {
        "form": form,
        "title": _("Your profile"),
        "breadcrumbs": _crumbs((_("Profile"), None)),
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


# --- Organization switcher --------------------------------------------------------------


@require_POST
@login_required
def switch_organization(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("organization", ""))
    except ValueError:
        raise Http404 from None
    membership = next((m for m in request.memberships if m.organization_id == wanted), None)  # type: ignore[attr-defined]
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organization_id
    messages.info(
        request, _("You are now working in %(name)s.") % {"name": membership.organization}
    )
    return HttpResponseRedirect(reverse("core:dashboard"))


# --- Invitations (accepting) ------------------------------------------------------------


@never_cache
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = services.invitation_for_secret(secret=secret)
    if invitation is None:
        return render(
            request, "accounts/invitation_invalid.html", {"title": _("Invitation")}, status=404
        )
    user: Any = request.user if request.user.is_authenticated else None
    has_account = user is not None or services.account_exists(email=invitation.email)
    form = NewAccountForm(request.POST or None) if not has_account else None
    error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except (ValidationError, PermissionDenied) as problem:
            error = " ".join(getattr(problem, "messages", [str(problem)]))
        else:
            if user is None:
                login(request, membership.user, backend="qms.accounts.backends.EmailBackend")
            request.session[SESSION_KEY] = membership.organization_id
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organization})
            return HttpResponseRedirect(reverse("core:dashboard"))
    context = {
        "invitation": invitation,
        "form": form,
        "error": error,
        "has_account": has_account,
        "title": _("Join %(name)s") % {"name": invitation.organization},
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_accept.html", context, status=status)


# --- API tokens -------------------------------------------------------------------------


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        if getattr(request, "organization", None) is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                _token, secret = services.token_create(
                    actor=user,
                    user=user,
                    organization=request.organization,  # type: ignore[attr-defined]
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                form = TokenForm()
    context = {
        "tokens": selectors.token_list(user=user),
        "form": form,
        "secret": secret,
        "title": _("API tokens"),
        "breadcrumbs": _crumbs((_("API tokens"), None)),
    }
    return render(request, "accounts/token_list.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.token_list(user=request.user), pk=pk)
    services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("accounts:token_list"))


# --- Members ----------------------------------------------------------------------------

MEMBER_COLUMNS = (
    Column("user.email", _("E-mail address"), sort="user__email", link=True),
    Column("user.full_name", _("Name"), sort="user__full_name"),
    Column("roles_display", _("Roles"), sort="role"),  # the primary role first
    Column("created_at", _("Member since")),
)


class MembershipListView(ObjectListView):
    model = Membership
    filterset_class = MembershipFilterSet
    columns = MEMBER_COLUMNS

    def extra_links(self) -> list[tuple[str, str]]:
        if not self.can("view", Invitation):
            return []
        return [(_("Invitations"), reverse("accounts:invitation_list"))]


class MembershipDetailView(ObjectDetailView):
    model = Membership
    fields = MEMBER_COLUMNS


class MembershipUpdateView(ObjectUpdateView):
    model = Membership
    form_class = MembershipRoleForm
    update_service = staticmethod(services.membership_update)


class MembershipDeleteView(ObjectDeleteView):
    model = Membership
    delete_service = staticmethod(services.membership_delete)


# --- Invitations (sending) --------------------------------------------------------------

INVITATION_COLUMNS = (
    Column("email", link=True),
    Column("role"),
    Column("invited_by", sort="invited_by__email"),
    Column("expires_at"),
    Column("accepted_at"),
)


class InvitationListView(ObjectListView):
    model = Invitation
    filterset_class = InvitationFilterSet
    columns = INVITATION_COLUMNS


class InvitationDetailView(ObjectDetailView):
    model = Invitation
    fields = (*INVITATION_COLUMNS, Column("created_at", _("Sent")))


class InvitationCreateView(ObjectCreateView):
    model = Invitation
    form_class = InvitationForm
    create_service = staticmethod(services.invitation_send)


class InvitationDeleteView(ObjectDeleteView):
    model = Invitation
    delete_service = staticmethod(services.invitation_delete)
