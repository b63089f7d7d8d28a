"""The action filters, shared by the list page, its export and the API list.

`owner=me` is the requesting user; `overdue=true` the open actions past their due date;
`origin_type=nonconformities.nonconformity&origin_id=3` the actions of one record.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import IdFilter, SearchFilterSet

from .choices import ActionKind, ActionPriority, ActionStatus
from .models import Action
from .selectors import overdue_on

_DATE = forms.DateInput(attrs={"type": "date"})


def origin_type_choices() -> list[tuple[str, str]]:
    """Every kind of record an action may come from (`app_label.model`)."""
    from qms.core.checks import tenant_models

    return sorted(
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in tenant_models()
        if model is not Action
    )


class ActionFilterSet(SearchFilterSet):
    search_fields = ("number", "title", "description", "origin_label")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=ActionKind.choices, label=_("Kind"))
    priority = django_filters.ChoiceFilter(choices=ActionPriority.choices, label=_("Priority"))
    owner = django_filters.ChoiceFilter(method="filter_owner", label=_("Owner"))
    overdue = django_filters.ChoiceFilter(
        choices=(("true", _("Yes")), ("false", _("No"))),
        method="filter_overdue",
        label=_("Overdue"),
    )
    origin_type = django_filters.ChoiceFilter(
        choices=origin_type_choices, method="filter_origin_type", label=_("Origin type")
    )
    origin_id = IdFilter(field_name="origin_id", label=_("Origin id"), widget=forms.HiddenInput)
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due from"), widget=_DATE
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due until"), widget=_DATE
    )

    class Meta(SearchFilterSet.Meta):
        model = Action
        fields = [
            "q",
            "status",
            "kind",
            "priority",
            "owner",
            "overdue",
            "origin_type",
            "origin_id",
            "due_after",
            "due_before",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = getattr(self.request, "organization", None)
        people = get_user_model().objects.none()
        if organization is not None:
            people = (
                get_user_model()
                .objects.filter(memberships__organization=organization)
                .order_by("email")
                .only("id", "email", "full_name")
            )
        self.filters["owner"].extra["choices"] = lambda: [
            ("me", _("Me")),
            *((str(person.pk), person.get_full_name()) for person in people),
        ]

    def filter_owner(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "me":
            user = getattr(self.request, "user", None)
            return queryset.filter(owner_id=getattr(user, "pk", None))
        return queryset.filter(owner_id=int(value))

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        overdue = overdue_on(timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def filter_origin_type(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        app_label, _dot, model = value.partition(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        return queryset.filter(origin_type=content_type)
