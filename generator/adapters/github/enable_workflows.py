"""Keep the scheduled workflows alive, without waking one the owner switched off.

GitHub disables scheduled workflows after 60 days without activity in the
repository (state ``disabled_inactivity``); calling the enable endpoint on an
active one resets that clock. A workflow the owner disabled (``disabled_manually``)
is left alone: that was a decision, not an accident.
"""

from __future__ import annotations

import sys
import urllib.parse

from generator.adapters.github.client import GitHub, GitHubError

ENABLE_STATES = ("active", "disabled_inactivity")


def should_enable(state: str | None) -> bool:
    return state in ENABLE_STATES


def keep_alive(client: GitHub, repo: str, files: list[str], out=None) -> int:
    """Enable each workflow that is active or disabled for inactivity; the number that failed."""
    out = out or sys.stdout
    failed = 0
    for name in files:
        path = f"/repos/{repo}/actions/workflows/{urllib.parse.quote(name, safe='')}"
        try:
            state = (client.get(path) or {}).get("state")
            if not should_enable(state):
                print(
                    f"left {name} alone: it is {state} (only active and disabled_inactivity are kept alive)", file=out
                )
                continue
            client.request("PUT", f"{path}/enable")
        except GitHubError as exc:
            failed += 1
            print(f"warning: could not keep {name} alive: {exc}", file=sys.stderr)
            continue
        print(f"{'re-enabled' if state == 'disabled_inactivity' else 'kept alive'} {name}", file=out)
    return failed
