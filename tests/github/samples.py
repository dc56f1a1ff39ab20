"""Opportunity files for the reminder tests; "today" is 2026-11-25 (a Wednesday)."""

TODAY = "2026-11-25"

# Due today: a thank-you after yesterday's interview; has an unused idea.
ACME = """\
# yaml-language-server: $schema=../../schema/opportunity.schema.json
company: Acme Corp
role: Senior Backend Engineer
contacts:
  - name: Raj Patel          # the hiring manager
    role: Engineering Manager
    email: raj@acme.example
ideas:
  - "Ingestion lag: sketch a back-pressure design"
log:
  - {date: 2026-11-10, type: applied, channel: email}
  - {date: 2026-11-24, type: interview, with: Raj Patel, channel: video}
"""

# Overdue: applied 2026-11-10, first follow-up due 2026-11-17.
GLOBEX = """\
company: Globex
role: Data Engineer
contacts:
  - name: Tom Becker
log:
  - {date: 2026-11-10, type: applied, with: Tom Becker}
"""

# Not due: applied yesterday, first follow-up on 2026-12-01.
INITECH = """\
company: Initech
role: Platform Engineer
log:
  - {date: 2026-11-24, type: applied}
"""

ACME_TITLE = "Follow up: Acme Corp — Senior Backend Engineer (due 2026-11-25)"
GLOBEX_TITLE = "Follow up: Globex — Data Engineer (due 2026-11-17)"


def write_samples(project) -> None:
    project.opportunity("acme/backend", ACME)
    project.opportunity("globex", GLOBEX)
    project.opportunity("initech", INITECH)
