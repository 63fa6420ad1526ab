"""The words of every ask: in person, email (with a forwardable note), short message, follow-up, thanks.

Texts come from the plain-text templates in ``templates/scripts/`` so a team
can reword them; the context each receives is :class:`ScriptContext`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from .asks import PlannedAsk
from .method import continued, first_name, offer_in_third_person, sentence
from .model import Salesperson
from .render import mailto

SCRIPT_TEMPLATES = (
    "in_person",
    "email_subject",
    "email_body",
    "forwardable",
    "short_message",
    "follow_up",
    "thanks_introduced",
    "thanks_first_conversation",
    "thanks_outcome",
)


@dataclass(frozen=True)
class ScriptContext:
    """What a script template sees (documented in manual/docs/templates.md)."""

    form: str  # "named" or "role"
    connector_name: str
    connector_first: str
    person: str  # "Dana Ruiz" or "your accountant"
    person_first: str  # "Dana" or "your accountant"
    person_role: str | None
    person_company: str | None
    why: str | None
    role: str | None
    reference_name: str | None
    reference_role: str | None
    reference_company: str | None
    project_title: str | None
    project_result: str | None  # carried on after a colon: "they now close in 4 days instead of 10"
    asked_on: date | None
    me: Salesperson
    me_first: str
    me_helps: str | None  # the offer in the third person ("helps owners of family businesses see their cash clearly"); None if it cannot be
    project_outcome: str | None = None  # the project's result as a sentence of its own: "Close cut from twelve working days to five."


@dataclass(frozen=True)
class Scripts:
    """Every text of one ask."""

    in_person: str
    email_subject: str
    email_body: str
    forwardable: str
    short_message: str
    follow_up: str
    thanks_introduced: str
    thanks_first_conversation: str
    thanks_outcome: str
    mailto: str
    follow_up_mailto: str


def context_for(ask: PlannedAsk, me: Salesperson, *, asked_on: date | None = None) -> ScriptContext:
    """What the script templates of one ask see."""
    contact = ask.contact.data if ask.contact else None
    reference = ask.reference.data if ask.reference else None
    return ScriptContext(
        form=ask.form,
        connector_name=ask.connector.data.name,
        connector_first=first_name(ask.connector.data.name),
        person=ask.person,
        person_first=first_name(contact.name) if contact else ask.person,
        person_role=contact.role if contact else ask.role,
        person_company=contact.company if contact else None,
        why=sentence(contact.why) if contact else None,
        role=ask.role,
        reference_name=reference.name if reference else None,
        reference_role=reference.role if reference else None,
        reference_company=reference.company if reference else None,
        project_title=reference.recent_project.title if reference and reference.recent_project else None,
        project_result=continued(reference.recent_project.result) if reference and reference.recent_project and reference.recent_project.result else None,
        asked_on=asked_on,
        me=me,
        me_first=first_name(me.name),
        me_helps=offer_in_third_person(me.offer),
        project_outcome=sentence(reference.recent_project.result) if reference and reference.recent_project else None,
    )


def write_scripts(env: Environment, context: ScriptContext, *, connector_email: str | None) -> Scripts:
    """Render every script of one ask; the ``mailto:`` links carry exactly the email shown."""
    texts = {name: env.get_template(f"scripts/{name}.txt.j2").render(ask=context).strip() for name in SCRIPT_TEMPLATES}
    return Scripts(
        **texts,
        mailto=mailto(connector_email, subject=texts["email_subject"], body=texts["email_body"]),
        follow_up_mailto=mailto(connector_email, subject=f"Re: {texts['email_subject']}", body=texts["follow_up"]),
    )
