"""Demo data of surveys: Acme's customer satisfaction surveys of the last three half-years,
each with the same rated questions (so the results over time show a trend) and a comment
question; the two earlier ones closed, the latest open. Customers are invited through the
service and answer through their link (`response_submit`, as the public page does); a few
invitations of the open survey are still unanswered.

Idempotent: nothing is written when Acme already has surveys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qms.accounts.models import User
from qms.core.workflow import model_transition
from qms.organizations.models import Organization

from . import services
from .models import Survey
from .selectors import questions_of
from .tokens import token_for

QUALITY = "quality@acme.example"

QUESTIONS = (
    ("How satisfied are you with the quality of our gauges?", "rating_5", True),
    ("How satisfied are you with our delivery times?", "rating_5", True),
    ("How satisfied are you with our calibration certificates?", "rating_5", False),
    ("How likely are you to recommend Acme Gauges to a colleague?", "rating_10", True),
    ("What should we do better?", "comment", False),
)

CUSTOMERS = (
    ("Northern Rail Supplies", "ann.baker@nrs.example", "Ann Baker"),
    ("Delta Instruments", "jo.marsh@delta.example", "Jo Marsh"),
    ("Humber Hydraulics", "raj.singh@humber-hydraulics.example", "Raj Singh"),
    ("Pennine Process Plant", "k.moss@pennine.example", "Kate Moss"),
    ("Acme Retail", "buyer@acme-retail.example", "Bo Lee"),
    ("Sheffield Water", "purchasing@sheffield-water.example", ""),
    ("Trent Valley Labs", "lab@trentvalley.example", "Dr Ito"),
    ("Wolds Agritech", "ops@wolds-agri.example", ""),
)

# More than the answers of one survey (8), so no survey shows a comment twice; the blanks
# are customers who left the comment empty.
COMMENTS = (
    "Faster delivery of calibration certificates, please.",
    "Good products; the web shop could show stock levels.",
    "Packaging could use less plastic.",
    "",
    "Keep the same contact person for our account.",
    "Order confirmations sometimes arrive a day late.",
    "The new gauge housings are much sturdier.",
    "",
    "Please send calibration reminders a month ahead.",
    "Phone support was quick and helpful.",
    "Labels on the boxes could be larger.",
    "",
)


def _half_year(day: dt.date) -> tuple[dt.date, str]:
    start = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    return start, f"{day.year} H{1 if day.month <= 6 else 2}"


def _answers(survey: Survey, base: float, index: int, offset: int = 0) -> dict[str, str]:
    values = {}
    for number, question in enumerate(questions_of(survey=survey)):
        key = f"q{question.pk}"
        if question.kind == "comment":
            values[key] = COMMENTS[(offset + index) % len(COMMENTS)]
            continue
        spread = ((index * 7 + number * 3) % 5) - 2  # -2..2
        if question.kind == "rating_5":
            values[key] = str(max(1, min(5, round(base + spread * 0.6))))
        else:
            values[key] = str(max(0, min(10, round(base * 2 + spread))))
    return values


def load(*, stdout: Any) -> None:
    acme = Organization.objects.filter(slug="acme").first()
    actor = User.objects.filter(email=QUALITY).first()
    if acme is None or actor is None or Survey.objects.for_organization(acme).exists():
        return
    today = timezone.localdate()
    # The half-year one year ago, the last one and the current one; satisfaction improves.
    plans = (
        (today - dt.timedelta(days=365), 3.3, "closed", 8),
        (today - dt.timedelta(days=182), 3.8, "closed", 8),
        (today, 4.2, "open", 5),
    )
    for plan, (day, base, state, answered) in enumerate(plans):
        start, label = _half_year(day)
        survey = services.survey_create(
            actor=actor,
            organization=acme,
            data={
                "title": "Customer satisfaction",  # the period is its own field
                "intro": "Five short questions about our products and service over the "
                "last six months. Thank you for your time.",
                "period_label": label,
                "period_start": start,
            },
        )
        for order, (text, kind, required) in enumerate(QUESTIONS):
            services.question_create(
                actor=actor,
                organization=acme,
                data={
                    "survey": survey,
                    "text": text,
                    "kind": kind,
                    "order": order,
                    "required": required,
                },
            )
        survey = model_transition(actor=actor, instance=survey, transition="open")
        invitations = services.invitations_send(
            actor=actor,
            survey=survey,
            invitees=[
                services.Invitee(customer_name=name, email=email, contact=contact)
                for name, email, contact in CUSTOMERS
            ],
        )
        for index, invitation in enumerate(invitations[:answered]):
            services.response_submit(
                token=token_for(invitation.token_nonce),
                answers=_answers(survey, base, index, offset=plan * 4),
            )
        if state == "closed":
            model_transition(actor=actor, instance=survey, transition="close")
    stdout.write(f"Surveys: {len(plans)} at {acme.name}.")
