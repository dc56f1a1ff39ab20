"""Build records from YAML text, through the real validator."""

from __future__ import annotations

import textwrap

from generator.core.records import Opportunity
from generator.core.validate import validate_text


def opportunity(text: str, opp_id: str = "acme") -> Opportunity:
    opp, problems = validate_text(opp_id, f"pipeline/{opp_id}.yml", textwrap.dedent(text))
    errors = [str(p) for p in problems if p.is_error]
    assert opp is not None and not errors, errors
    return opp
