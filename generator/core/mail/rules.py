"""The matching rules as data (pure): a test reads this table, the matcher uses it.

Hosts match a sender's domain and its subdomains (`us.greenhouse-mail.io` is Greenhouse).
"""

from __future__ import annotations

# Applicant-tracking systems: their mail speaks for a company it names (level 4). Never a company's domain.
TRACKER_HOSTS = frozenset((
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "myworkday.com", "myworkdayjobs.com", "workday.com",
    "ashbyhq.com", "icims.com", "smartrecruiters.com", "workable.com", "workablemail.com", "jobvite.com",
    "bamboohr.com", "teamtailor.com", "teamtailor-mail.com", "recruitee.com", "personio.de", "personio.com",
    "jazzhr.com", "applytojob.com", "breezy.hr", "successfactors.com", "successfactors.eu", "taleo.net",
    "pinpointhq.com", "comeet.co", "rippling.com", "rippling-mail.com", "dover.com", "eightfold.ai",
    "paradox.ai", "jobscore.com", "homerun.co", "join.com", "softgarden.io", "softgarden.de", "hibob.com",
    "avature.net", "phenompeople.com", "gem.com", "recruiterbox.com", "freshteam.com", "zohorecruit.com",
))
# Job boards and networks: job alerts and notifications, never a company's domain, never a person.
JOB_BOARD_HOSTS = frozenset((
    "linkedin.com", "indeed.com", "indeedemail.com", "glassdoor.com", "ziprecruiter.com", "monster.com",
    "stepstone.de", "stepstone.com", "xing.com", "wellfound.com", "angel.co", "otta.com", "welcometothejungle.com",
    "hired.com", "dice.com", "builtin.com", "ycombinator.com", "workatastartup.com", "weworkremotely.com",
    "remoteok.com", "remoteok.io", "jobs.ch", "totaljobs.com", "reed.co.uk", "seek.com.au", "simplyhired.com",
    "careerbuilder.com", "hackernews.com", "talent.com", "jooble.org", "honeypot.io",
))
# Mail providers anyone can have an address at: never a company's own domain.
SHARED_PROVIDERS = frozenset((
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "protonmail.ch", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "zoho.com",
    "zohomail.com", "fastmail.com", "fastmail.fm", "yandex.ru", "yandex.com", "mail.ru", "hey.com",
    "tutanota.com", "tuta.io", "orange.fr", "free.fr", "laposte.net", "t-online.de", "qq.com", "163.com",
    "btinternet.com", "comcast.net", "verizon.net", "att.net", "posteo.de", "mailbox.org",
))
# The local parts of addresses that are roles, not people ("no-reply@", "careers@", …).
ROLE_LOCAL_PARTS = frozenset((
    "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "careers", "career", "jobs",
    "job", "recruiting", "recruitment", "recruiter", "recruiters", "talent", "talentacquisition", "hiring",
    "notifications", "notification", "notify", "hr", "people", "apply", "applications", "application", "team",
    "info", "hello", "support", "mailer", "system", "admin", "candidates", "candidate", "karriere", "bewerbung",
    "bewerbungen", "jobs-noreply", "invitations", "calendar-notification", "news", "newsletter", "updates",
    "talent-acquisition", "workday", "hiring-team", "automated", "alerts",
))
# Words of a display name that say a team or a robot writes, not a person ("Acme Talent Team", "Careers").
ROLE_NAME_WORDS = frozenset((
    "team", "recruiting", "recruitment", "careers", "career", "hiring", "talent", "jobs", "notifications",
    "noreply", "donotreply", "support", "candidates", "karriere", "personalabteilung", "recrutement",
    "acquisition", "staffing",
))
# Second-level public suffixes: `careers.acme.co.uk` → `acme.co.uk`.
SECOND_LEVEL_SUFFIXES = frozenset((
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp", "co.in", "com.br",
    "com.mx", "co.za", "com.sg", "com.tr", "com.cn", "com.hk", "co.kr", "com.ar", "co.il", "com.pl", "com.es",
))
# Words of a company name that say nothing about which company it is.
NAME_FILLERS = frozenset(("the", "and", "of", "group", "holding", "holdings", "international", "global"))
# Words of a job title that do not tell two openings apart on their own.
ROLE_FILLERS = frozenset((
    "the", "a", "an", "our", "this", "that", "your", "open", "role", "position", "job", "opening", "vacancy",
    "opportunity", "m", "w", "d", "f", "x", "h", "mwd", "fmd", "all", "genders", "remote", "hybrid", "stelle",
    "die", "der", "als", "poste", "de", "le", "la", "in", "for", "at", "with", "to", "of", "and", "req", "id",
))
# Words that make a phrase a job title ("your application for Data Engineer"), in the languages with rules.
TITLE_WORDS = frozenset((
    "engineer", "engineering", "developer", "development", "programmer", "architect", "manager", "management", "lead",
    "analyst", "scientist", "designer", "researcher", "consultant", "specialist", "administrator", "admin", "officer",
    "director", "head", "coordinator", "associate", "assistant", "intern", "internship", "trainee", "apprentice",
    "owner", "sre", "devops", "technician", "operator", "writer", "editor", "recruiter", "advisor", "representative",
    "executive", "accountant", "controller", "counsel", "lawyer", "nurse", "teacher", "marketer", "strategist",
    "product", "data", "software", "backend", "frontend", "fullstack", "stack", "platform", "security", "qa",
    "tester", "support", "sales", "entwickler", "entwicklerin", "ingenieur", "ingenieurin", "berater", "beraterin",
    "leiter", "leiterin", "referent", "referentin", "sachbearbeiter", "werkstudent", "praktikant", "praktikum",
    "développeur", "développeuse", "ingénieur", "ingénieure", "chef", "responsable", "chargé", "chargée", "stagiaire",
    "alternant", "consultante", "analyste", "directeur", "directrice",
))
SENIORITY = frozenset(("senior", "sr", "junior", "jr", "lead", "staff", "principal", "mid", "level", "i", "ii", "iii"))


def host_in(domain: str, hosts: frozenset[str]) -> bool:
    """`us.greenhouse-mail.io` is in {greenhouse-mail.io}."""
    labels = domain.lower().strip(".").split(".")
    return any(".".join(labels[i:]) in hosts for i in range(len(labels) - 1))


def registrable(domain: str) -> str:
    """`careers.acme.example` → `acme.example`; `jobs.acme.co.uk` → `acme.co.uk`."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in SECOND_LEVEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def is_role_address(local: str) -> bool:
    text = local.lower()
    return text in ROLE_LOCAL_PARTS or text.startswith(("noreply", "no-reply", "donotreply", "do-not-reply"))
