from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.permissions import role_choices

from .models import Invitation, Membership
from .selectors import holding_roles


class MembershipFilterSet(SearchFilterSet):
    search_fields = ("user__email", "user__full_name")
    # The members holding the role, as their primary role or an additional one.
    role = django_filters.ChoiceFilter(choices=role_choices, label=_("Role"), method="holding")

    class Meta(SearchFilterSet.Meta):
        model = Membership
        fields = ["q", "role"]

    def holding(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(holding_roles([value])) if value else queryset


class InvitationFilterSet(SearchFilterSet):
    search_fields = ("email",)
    role = django_filters.ChoiceFilter(choices=role_choices, label=_("Role"))

    class Meta(SearchFilterSet.Meta):
        model = Invitation
        fields = ["q", "role"]
