from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import BaseModel, OrganizationScoped
from qms.core.permissions import MemberRoles, role_choices


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Access to data comes from memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("May use the Django admin site.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else self.email).strip()


class Membership(OrganizationScoped):
    """A user's place in an organization, with the roles that decide what they may do.

    `role` is the primary role (the one the owner-count rules read); a member may hold more
    (`additional_roles`, e.g. a certification manager who also takes technical reviews) and
    may then do what any of their roles may (`roles`).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=role_choices)
    additional_roles = models.JSONField(
        _("additional roles"),
        default=list,
        blank=True,
        help_text=_("Further roles the member holds, beside the primary role."),
    )

    class Meta:
        ordering = ["user__email", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="accounts_membership_unique_user"
            )
        ]
        indexes = [models.Index(fields=["organization", "role", "id"], name="acc_member_org_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.roles_display})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:membership_detail", args=[self.pk])

    @property
    def roles(self) -> MemberRoles:
        """Every role the member holds: the primary one and the additional ones."""
        return MemberRoles(self.role, self.additional_roles or ())

    @property
    def roles_display(self) -> str:
        """The roles' labels, the primary role first ("Quality manager, Internal auditor")."""
        labels = dict(role_choices())
        return ", ".join(
            str(labels.get(role, role)) for role in (self.role, *(self.additional_roles or ()))
        )


class Invitation(OrganizationScoped):
    """An e-mailed link that lets a person join an organization with a given role."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=role_choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    audit_exclude = ("token_hash",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="acc_invite_org_time")
        ]

    def __str__(self) -> str:
        return self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:invitation_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiToken(BaseModel):
    """A personal API token: acts as its user within one organization. Only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    audit_exclude = ("token_hash", "last_used_at")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="acc_token_user_time")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ThrottleKind(models.TextChoices):
    LOGIN_FAILURE = "login", _("failed log-in")
    PASSWORD_RESET = "password_reset", _("password-reset request")


class LoginFailure(models.Model):
    """One counted attempt (a failed log-in, a password-reset request), kept for throttling.

    Shared by every app server through the database. `kind` says what is counted, so every
    throttle of the product uses this one table.
    """

    kind = models.CharField(
        max_length=20, choices=ThrottleKind.choices, default=ThrottleKind.LOGIN_FAILURE
    )
    email = models.CharField(max_length=254, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("throttled attempt")
        indexes = [
            models.Index(fields=["kind", "email", "created_at"], name="acc_throttle_kind_email"),
            models.Index(fields=["kind", "ip", "created_at"], name="acc_throttle_kind_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email} at {self.created_at:%Y-%m-%d %H:%M}"
