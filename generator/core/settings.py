"""Settings: the plugin's options in ``mkdocs.yml``, read the same way by the CLI.

Pure: a record and the one function that checks options (``settings_from_options``).
The MkDocs plugin hands it its config; the CLI hands it what ``config.load_settings``
read from mkdocs.yml. Reading files lives in ``config.py``, so the schedule, the
agenda and the site import no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.core.problems import UserError
from generator.core.records import OPEN_STAGES

DEFAULT_GAPS = (7, 7, 10, 14)
MESSAGES_DIR = "overrides/messages"  # the user's own draft templates, below the folder of mkdocs.yml
# One rule for "today", in the build and in every command: --today wins, else this variable,
# else today's date in the `timezone` setting.
TODAY_ENV = "FOLLOW_THROUGH_TODAY"


def pinned_today(environ: Mapping[str, str]) -> dt.date | None:
    """The date FOLLOW_THROUGH_TODAY pins, or None when it is unset or empty."""
    pinned = environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return None
    try:
        if len(pinned) != 10:
            raise ValueError
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise UserError(f"{TODAY_ENV}: '{pinned}' is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Targets:
    active: int = 10
    new_per_week: int = 3


@dataclass(frozen=True)
class Privacy:
    show_email: bool = False
    show_phone: bool = False
    encrypt: bool = False  # the private dashboard: sealed with FOLLOW_THROUGH_PASSPHRASE (site/encrypt.py)
    allow_plain: bool = False  # publish.yml may deploy a plain site from a private repository
    remember_days: int = 30  # how long "remember this device" keeps a sealed site unlocked


@dataclass(frozen=True)
class User:
    """Who signs the drafts (optional): ``user: {name: ..., signature: ...}``."""

    name: str | None = None
    signature: str | None = None  # the lines under a draft; the name when unset


LOOPBACK_HOSTS = ("localhost", "::1")  # and 127.0.0.0/8: where plain IMAP is allowed (a local bridge, the tests)


def is_loopback_host(host: str) -> bool:
    host = host.strip().strip("[]").casefold()
    return host in LOOPBACK_HOSTS or host.endswith(".localhost") or (
        host.startswith("127.") and host.count(".") == 3 and all(p.isdigit() for p in host.split("."))
    )


@dataclass(frozen=True)
class Imap:
    """``mail: imap:``: where `mail` reads with no SOURCE. The password is never here: FOLLOW_THROUGH_MAIL_PASSWORD."""

    host: str
    user: str
    port: int = 993
    folders: tuple[str, ...] = ("INBOX",)
    tls: bool = True  # false only for a loopback host
    ca_file: str | None = None  # a certificate to trust (a server of your own), relative to mkdocs.yml's folder


@dataclass(frozen=True)
class Mail:
    """``mail:``: your own addresses, the IMAP account, and the addresses or domains never matched."""

    me: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    imap: Imap | None = None


@dataclass(frozen=True)
class Settings:
    pipeline_dir: str = "pipeline"
    timezone: str = "UTC"
    skip_weekends: bool = True
    default_gaps: tuple[int, ...] = DEFAULT_GAPS
    stage_gaps: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))
    quiet_grace: int = 14  # days past a cadence's run-out (or an untouched lead's added) before it has gone quiet
    pace: int = 5  # the most follow-ups a day should ask for (catch-up, remind, import)
    targets: Targets = Targets()
    privacy: Privacy = Privacy()
    site_url: str | None = None
    repo_url: str | None = None  # mkdocs.yml's repo_url and edit_uri: links back to the repository
    edit_uri: str | None = None
    user: User = User()
    mail: Mail = Mail()
    root: Path = Path(".")  # the folder of mkdocs.yml; pipeline_dir is relative to it

    @property
    def pipeline_path(self) -> Path:
        return self.root / self.pipeline_dir

    def gaps_for(self, stage: str, own: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """An opportunity's own cadence wins over its stage's, which wins over the default."""
        if own:
            return own
        return self.stage_gaps.get(stage, self.default_gaps)

    def cadences_quiet_at_once(self) -> list[tuple[tuple[str, ...], str]]:
        """(where under cadence, message) for every configured cadence too short to follow anything up."""
        found = []
        if len(self.default_gaps) < 2:
            found.append(((), quiet_at_once(self.default_gaps)))
        for stage, gaps in self.stage_gaps.items():
            if len(gaps) < 2:
                found.append(((stage,), quiet_at_once(gaps)))
        return found



def quiet_at_once(gaps) -> str:
    """Why a one-gap cadence goes quiet right after the first touch (said by `check`)."""
    shown = "[" + ", ".join(str(g) for g in gaps) + "]"
    return (
        f"{shown} goes quiet right after your first touch: gaps[0] is the wait after their reply, "
        "gaps[1] after you apply, gaps[2] after your 1st follow-up, and so on; "
        f"give at least two gaps, like [{gaps[0]}, {gaps[0]}]"
    )


def _gaps(value, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or not all(
        isinstance(g, int) and not isinstance(g, bool) and 1 <= g <= 3650 for g in value
    ):
        raise UserError(f"{where}: expected a list of whole numbers of days, like [7, 7, 10, 14]; got {value!r}")
    return tuple(value)


def _bool(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise UserError(f"{where}: expected true or false; got {value!r}")
    return value


def _count(value, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise UserError(f"{where}: expected a whole number (0 or more); got {value!r}")
    return value


def _remember_days(value, where: str) -> int:
    days = _count(value, where)
    if not 1 <= days <= 365:
        raise UserError(f"{where}: expected a number of days from 1 to 365; got {value!r}")
    return days


def _mapping(value, where: str, keys) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(f"{where}: expected a mapping; got {value!r}")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise UserError(f"{where}: unknown option '{unknown[0]}'; expected one of: {', '.join(keys)}")
    return value


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise UserError(f"{where}: expected text; got {value!r}")
    return value


def _timezone(tz, where: str) -> str:
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"{where}: timezone: '{tz}' is not a known time zone (like Europe/London or UTC)") from None
    return str(tz)


def _cadence(cadence, where: str) -> dict:
    """The Settings fields a `cadence:` sets: a list is the default gaps; a mapping gives them by stage."""
    if isinstance(cadence, list):
        return {"default_gaps": _gaps(cadence, f"{where}: cadence")}
    if cadence is None:
        return {}
    cadence = _mapping(cadence, f"{where}: cadence", ("default",) + OPEN_STAGES)
    fields: dict = {}
    stage_gaps = {}
    for key, value in cadence.items():
        if key == "default":
            fields["default_gaps"] = _gaps(value, f"{where}: cadence: default")
        else:
            stage_gaps[key] = _gaps(value, f"{where}: cadence: {key}")
    fields["stage_gaps"] = MappingProxyType(stage_gaps)
    return fields


def _pace(value, where: str) -> int:
    pace = _count(value, f"{where}: pace")
    if pace < 1:
        raise UserError(f"{where}: pace: expected a whole number of follow-ups a day (1 or more); got 0")
    return pace


def _privacy(value, where: str) -> Privacy:
    privacy = _mapping(
        value,
        f"{where}: privacy",
        ("show_email", "show_phone", "encrypt", "allow_plain", "remember_days"),
    )
    return Privacy(
        **{
            k: _remember_days(v, f"{where}: privacy: {k}")
            if k == "remember_days"
            else _bool(v, f"{where}: privacy: {k}")
            for k, v in privacy.items()
        }
    )


def _addresses(value, where: str, what: str) -> tuple[str, ...]:
    """A list of addresses (or domains) in lower case; one text is a list of one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise UserError(f"{where}: expected a list of {what}; got {value!r}")
    found = tuple(v.strip().casefold() for v in items)
    bad = next((v for v in found if " " in v or (what == "addresses" and "@" not in v)), None)
    if bad is not None:
        raise UserError(f"{where}: '{bad}' is not an e-mail address" + ("" if what == "addresses" else " or a domain"))
    return found


IMAP_KEYS = ("host", "port", "user", "folders", "tls", "ca_file")


def _imap(value, where: str) -> Imap:
    if isinstance(value, dict) and "password" in value:
        raise UserError(f"{where}: password: not a setting: the password comes from the environment variable "
                        "FOLLOW_THROUGH_MAIL_PASSWORD only (a secret on GitHub), never from a file")
    imap = _mapping(value, where, IMAP_KEYS)
    for key in ("host", "user"):
        if not isinstance(imap.get(key), str) or not imap[key].strip():
            raise UserError(f"{where}: {key}: expected the IMAP server's {'name' if key == 'host' else 'login'}")
    port = imap.get("port", 993)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise UserError(f"{where}: port: expected a port number (993 for IMAP over TLS); got {port!r}")
    folders = imap.get("folders", ["INBOX"])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not folders or not all(isinstance(f, str) and f.strip() for f in folders):
        raise UserError(f"{where}: folders: expected a list of folder names, like [INBOX, Sent]; got {folders!r}")
    tls = _bool(imap.get("tls", True), f"{where}: tls")
    if not tls and not is_loopback_host(imap["host"]):
        raise UserError(f"{where}: tls: false is only for a server on this machine (localhost, 127.0.0.1, ::1, "
                        f"as a local bridge listens); {imap['host']} is read over TLS")
    ca_file = imap.get("ca_file")
    if ca_file is not None:
        ca_file = _text(ca_file, f"{where}: ca_file")
    return Imap(host=imap["host"].strip(), user=imap["user"].strip(), port=port,
                folders=tuple(dict.fromkeys(f.strip() for f in folders)), tls=tls, ca_file=ca_file)


def _mail(value, where: str) -> Mail:
    mail = _mapping(value, f"{where}: mail", ("me", "imap", "ignore"))
    return Mail(
        me=_addresses(mail["me"], f"{where}: mail: me", "addresses") if mail.get("me") is not None else (),
        ignore=_addresses(mail["ignore"], f"{where}: mail: ignore", "addresses or domains")
        if mail.get("ignore") is not None else (),
        imap=_imap(mail["imap"], f"{where}: mail: imap") if mail.get("imap") is not None else None,
    )


def _pipeline_dir(value, where: str) -> dict:
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}: pipeline_dir: expected a folder name")
    return {"pipeline_dir": value}


def _targets(value, where: str) -> dict:
    targets = _mapping(value, f"{where}: targets", ("active", "new_per_week"))
    return {"targets": Targets(**{k: _count(v, f"{where}: targets: {k}") for k, v in targets.items()})}


def _user(value, where: str) -> dict:
    user = _mapping(value, f"{where}: user", ("name", "signature"))
    return {"user": User(**{k: _text(v, f"{where}: user: {k}") for k, v in user.items() if v is not None})}


def _site_url(value, where: str) -> dict:
    return {"site_url": str(value).rstrip("/") + "/"} if value else {}


# Each option of the plugin -> the Settings fields it sets, checked (a UserError naming the option
# and what is expected). The one check: the plugin's config options (plugin/config.py) run it, and
# so does the CLI through settings_from_options.
OPTION_FIELDS = {
    "pipeline_dir": _pipeline_dir,
    "timezone": lambda value, where: {"timezone": _timezone(value, where)},
    "skip_weekends": lambda value, where: {"skip_weekends": _bool(value, f"{where}: skip_weekends")},
    "cadence": _cadence,
    "quiet_grace": lambda value, where: {"quiet_grace": _count(value, f"{where}: quiet_grace")},
    "pace": lambda value, where: {"pace": _pace(value, where)},
    "targets": _targets,
    "privacy": lambda value, where: {"privacy": _privacy(value, where)},
    "site_url": _site_url,
    "user": _user,
    "mail": lambda value, where: {"mail": _mail(value, where)},
}
OPTION_KEYS = tuple(OPTION_FIELDS)
OPTIONS_AT = "mkdocs.yml: plugins: follow-through"  # where every option's message says it is


def option_fields(name: str, value, where: str = OPTIONS_AT) -> dict:
    """The Settings fields one option sets (none for an unset one); UserError when it is wrong."""
    return {} if value is None else OPTION_FIELDS[name](value, where)


def settings_from_options(
    options: Mapping | None,
    root: Path = Path("."),
    site_url: str | None = None,
    repo_url: str | None = None,
    edit_uri: str | None = None,
) -> Settings:
    """Check the plugin options (as written in mkdocs.yml) and build Settings."""
    opts = _mapping(dict(options or {}), OPTIONS_AT, OPTION_KEYS)
    kwargs: dict = {"root": Path(root), "repo_url": repo_url, "edit_uri": edit_uri, **_site_url(site_url, OPTIONS_AT)}
    for name, value in opts.items():
        kwargs.update(option_fields(name, value))
    return Settings(**kwargs)


def date_in(timezone: str, now: dt.datetime) -> dt.date:
    """The date at the instant ``now`` (timezone-aware) in ``timezone``: "today" once the clock has been read
    (``adapters.mkdocs_config.read_today`` reads it; --today and FOLLOW_THROUGH_TODAY win over it)."""
    return now.astimezone(ZoneInfo(timezone)).date()
