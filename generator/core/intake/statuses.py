"""The status words of trackers (pure): what each means as a stage, an outcome and a log entry."""

from __future__ import annotations

from generator.core.intake.matching import normal

# Status words (normalised) → (stage, outcome).
STATUSES = {
    **dict.fromkeys(("lead", "saved", "wishlist", "bookmarked", "interested", "toapply", "tobeapplied",
                     "notapplied", "notappliedyet", "todo", "prospect", "considering", "new", "open",
                     # an application begun and not sent (students' and co-op trackers)
                     "notcomplete", "notcompleted", "incomplete", "notsubmitted", "notstarted", "started",
                     "draft", "planning", "planned", "researching", "shortlisted", "wanttoapply"),
                    ("lead", None)),
    **dict.fromkeys(("applied", "application", "applicationsent", "applicationsubmitted", "submitted", "sent",
                     "waiting", "pending", "awaitingresponse", "waitlisted", "inreview", "underreview", "inprogress",
                     "onhold", "reviewing", "acknowledged", "applicationreceived", "received", "viewed", "followup",
                     "followedup", "followingup", "complete", "completed"), ("applied", None)),
    **dict.fromkeys(("screening", "screen", "phonescreen", "phonescreening", "recruiterscreen", "recruitercall",
                     "hrscreen", "hrinterview", "phoneinterview", "recruiterinterview"), ("screening", None)),
    **dict.fromkeys(("interviewing", "interview", "interviews", "interviewed", "onsite", "onsiteinterview",
                     "technicalinterview", "techinterview", "finalinterview", "finalround", "assessment",
                     "takehome", "codingchallenge", "firstround", "secondround", "thirdround", "panel",
                     "panelinterview", "casestudy", "onlineassessment", "oa", "videointerview", "interviewscheduled"),
                    ("interviewing", None)),
    **dict.fromkeys(("offer", "offered", "offerreceived", "gotoffer", "offerextended", "verbaloffer"), ("offer", None)),
    **dict.fromkeys(("rejected", "rejection", "notselected", "declinedbycompany", "turneddown", "noffer",
                     "nooffer", "unsuccessful", "notmovingforward", "positionfilled", "filled"),
                    ("closed", "rejected")),
    **dict.fromkeys(("ghosted", "noresponse", "noreply", "noanswer", "noresponseyet"), ("closed", "ghosted")),
    **dict.fromkeys(("withdrawn", "withdrew", "withdraw", "withdrawnapplication", "notinterested",
                     "abandoned", "gaveup", "didnotapply", "didntapply", "skipped", "nolongerinterested",
                     "expired", "jobclosed", "postingclosed", "positionclosed"),
                    ("closed", "withdrawn")),
    **dict.fromkeys(("accepted", "offeraccepted", "hired", "acceptedoffer"), ("closed", "accepted")),
    **dict.fromkeys(("declined", "offerdeclined", "declinedoffer"), ("closed", "declined")),
    "closed": ("closed", None),
}


# What a status becomes in the log: an entry, so the funnel and insight count it. Ghosted / no
# response adds nothing (the schedule says when it has gone quiet; nothing is closed silently).
STATUS_ENTRY = {
    ("screening", None): "screen",
    ("interviewing", None): "interview",
    ("offer", None): "offer",
    ("closed", "rejected"): "rejection",
    ("closed", "withdrawn"): "withdrew",
    ("closed", "accepted"): "accepted",
    ("closed", "declined"): "declined",
}


def status_meaning(stage: str | None, outcome: str | None) -> str:
    """What a status word became, for the summary."""
    entry = STATUS_ENTRY.get((stage, outcome))
    if entry:
        return f"{'an' if entry[0] in 'aeiou' else 'a'} {entry} entry"
    if stage == "lead":
        return "a lead"
    if outcome == "ghosted":
        return "applied (not closed: the schedule says when it has gone quiet; then close --gone-quiet)"
    if stage == "closed":
        return "applied (no outcome given: close it yourself with `close ID OUTCOME`)"
    return "applied"


def map_status(text: str) -> tuple[str | None, str | None] | None:
    """(stage, outcome) for a status word; (None, None) for an empty cell; None when unknown."""
    key = normal(text)
    if not key:
        return None, None
    return STATUSES.get(key)


YES = {"yes", "y", "true", "x", "done", "✓", "✔"}
NO = {"no", "n", "false", "-", "not yet"}
