"""`draft ID [--today D]`: the draft message for the opportunity's next follow-up.

The draft (``Subject: ...``, a blank line, the body) goes to stdout, so
``draft acme/backend | pbcopy`` copies just the message; what it is for (the
touch, to whom, when) and any problem with a template go to stderr.
"""

from __future__ import annotations

import sys

from generator.adapters.edit import find_file
from generator.adapters.message_templates import drafter_for
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import display_path, opportunity_id
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.agenda import relative
from generator.core.problems import UserError
from generator.core.schedule import Followup, GoneQuiet, next_followup, ordinal
from generator.core.validate import validate_bytes


def configure(parser) -> None:
    parser.add_argument(
        "id", metavar="ID", help="the opportunity id: its path below pipeline/ without .yml (acme/backend)"
    )
    add_today(parser)


def run(args) -> int:
    settings = settings_for(args)
    today = read_today(settings, args.today)
    path = find_file(settings.pipeline_path, args.id)
    opp_id = opportunity_id(path, settings.pipeline_path)
    opp, problems = validate_bytes(opp_id, display_path(path), path.read_bytes())
    if opp is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise UserError(f"{opp_id} has errors (above): fix them to get a draft")
    plan = next_followup(opp, settings, today)
    if plan is None:
        outcome = f" ({opp.outcome})" if opp.outcome else ""
        raise UserError(f"{opp_id} is closed{outcome}: there is no follow-up to draft")
    if isinstance(plan, GoneQuiet) and plan.never_contacted:
        # `due` offers "reach out now" for a lead never contacted: the first contact, today (not pestering).
        plan = Followup(today, "first-contact", f"{plan.reason.split(';')[0]}: reach out now", plan.contact,
                        rule="first-contact")
    if isinstance(plan, GoneQuiet):
        print(f"{opp_id}: {plan.reason}. No draft: one more message would be pestering.", file=sys.stderr)
        return EXIT_PROBLEMS
    drafter = drafter_for(settings, today)  # the site and `remind` draft for the same day
    draft = drafter.draft(opp, plan)
    for problem in drafter.problems:
        print(problem, file=sys.stderr)
    who = ""
    if draft.contact is not None:
        who = f" to {draft.contact.name}" + (f" <{draft.contact.email}>" if draft.contact.email else "")
    elif plan.contact:
        who = f" to {plan.contact}"
    number = f", {ordinal(draft.number)} follow-up" if draft.touch not in ("first-contact", "thank-you") else ""
    print(
        f"{opp.company} — {opp.role}: {draft.touch}{who}{number}, due {plan.due} ({relative((today - plan.due).days)})",
        file=sys.stderr,
    )
    sys.stdout.write(draft.text)
    return EXIT_OK
