from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qms.core.filtersets import SearchFilterSet
from qms.core.permissions import role_choices

from .models import Invitation, Membership


class MembershipFilterSet(SearchFilterSet):
    search_fields = ("user__email", "user__full_name")
    role = django_filters.ChoiceFilter(choices=role_choices, label=_("Role"))

    class Meta(SearchFilterSet.Meta):
        model = Membership
        fields = ["q", "role"]


class InvitationFilterSet(SearchFilterSet):
    search_fields = ("email",)
    role = django_filters.ChoiceFilter(choices=role_choices, label=_("Role"))

    class Meta(SearchFilterSet.Meta):
        model = Invitation
        fields = ["q", "role"]
