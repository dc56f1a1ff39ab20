"""`contact ID NAME [--email E] [--role R]`: add a contact to an opportunity, or update one.

NAME that fits a contact already there (its name in any case, its first name, any unique start
of it, as `log --with` matches) updates that contact with the address and role given; any other
name adds a contact, in the style of the contacts already in the file. A name that fits two
contacts is refused, listing them. The file keeps its comments and layout, is re-validated and
written atomically, or not at all.
"""

from __future__ import annotations

import sys

from generator.adapters.edit import find_opportunity
from generator.adapters.edit.contacts import add_contact
from generator.commands import EXIT_OK, settings_for


def configure(parser) -> None:
    parser.add_argument(
        "id", metavar="ID", help="the opportunity id: its path below pipeline/ without .yml (acme/backend)"
    )
    parser.add_argument("name", metavar="NAME", help="the contact's full name (or, to update one, any unique start)")
    parser.add_argument("--email", metavar="E", help="their e-mail address")
    parser.add_argument("--role", metavar="R", help="their role, e.g. Recruiter or Hiring Manager")


def run(args) -> int:
    settings = settings_for(args)
    path, opp_id = find_opportunity(settings.pipeline_path, args.id)
    result, edit = add_contact(path, opp_id, args.name, email=args.email, role=args.role)
    if not result.changed:
        print(f"{edit.name} is already a contact of {opp_id} as given; nothing changed")
        return EXIT_OK
    contact = result.opp.contact(edit.name)
    details = ", ".join(v for v in (contact.role, contact.email) if v)
    print(f"{edit.action} contact {contact.name}" + (f" ({details})" if details else "") + f" in {result.shown}")
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    return EXIT_OK
