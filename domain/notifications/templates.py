"""Notification texts in Finnish, English and Swedish.

A template is a title and optional body lines with `{param}` placeholders (number, title, by,
note, status, queue, to). Rendering never fails: a missing or empty param leaves its place
empty in the title (and the spacing and punctuation around it are tidied), and a body line
is left out when any of its params is missing. Status values are shown with their label.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from domain.notifications.model import BODY_MAX, TITLE_MAX, NotificationKind

LOCALES = ("fi", "en", "sv")
DEFAULT_LOCALE = "fi"
K = NotificationKind


@dataclass(frozen=True)
class Template:
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str | None


# The lines every delegation notice ends with, per language.
_DELEGATION_LINES: dict[str, tuple[str, ...]] = {
    "fi": ("Delegoija: {by}", "Jono: {queue}", "Viesti: {note}"),
    "en": ("Delegated by: {by}", "Queue: {queue}", "Note: {note}"),
    "sv": ("Delegerat av: {by}", "Kö: {queue}", "Meddelande: {note}"),
}
_UNACKNOWLEDGED_LINES: dict[str, tuple[str, ...]] = {
    "fi": ("Vastaanottaja: {to}", "Jono: {queue}", "Viesti: {note}"),
    "en": ("Delegated to: {to}", "Queue: {queue}", "Note: {note}"),
    "sv": ("Delegerat till: {to}", "Kö: {queue}", "Meddelande: {note}"),
}
_PICKED_LINES: dict[str, tuple[str, ...]] = {
    "fi": ("Käsittelijä: {by}", "Jono: {queue}"),
    "en": ("Picked by: {by}", "Queue: {queue}"),
    "sv": ("Tagits av: {by}", "Kö: {queue}"),
}
_STATUS_LINES: dict[str, tuple[str, ...]] = {
    "fi": ("Otsikko: {title}", "Muuttaja: {by}", "Viesti: {note}"),
    "en": ("Title: {title}", "Changed by: {by}", "Note: {note}"),
    "sv": ("Rubrik: {title}", "Ändrad av: {by}", "Meddelande: {note}"),
}

# Service requests (and any record without its own wording).
_REQUEST: dict[NotificationKind, dict[str, str]] = {
    K.DELEGATED: {
        "fi": "Sinulle delegoitiin palvelupyyntö {number}: {title}",
        "en": "A service request was delegated to you: {number} {title}",
        "sv": "Ett serviceärende delegerades till dig: {number} {title}",
    },
    K.DELEGATION_REMINDER: {
        "fi": "Muistutus: kuittaa sinulle delegoitu palvelupyyntö {number}: {title}",
        "en": "Reminder: please acknowledge the service request delegated to you: {number} {title}",
        "sv": "Påminnelse: kvittera serviceärendet som delegerats till dig: {number} {title}",
    },
    K.DELEGATION_UNACKNOWLEDGED: {
        "fi": "Delegoimaasi palvelupyyntöä {number} ei ole vielä kuitattu: {title}",
        "en": "The service request you delegated has not been acknowledged yet: {number} {title}",
        "sv": "Serviceärendet du delegerade har ännu inte kvitterats: {number} {title}",
    },
    K.REQUEST_PICKED: {
        "fi": "Palvelupyyntö {number} otettiin jonosta käsittelyyn: {title}",
        "en": "A service request was picked from the queue: {number} {title}",
        "sv": "Ett serviceärende togs från kön: {number} {title}",
    },
    K.STATUS_CHANGED: {
        "fi": "Palvelupyynnön {number} tila muuttui: {status}",
        "en": "Service request {number} changed status: {status}",
        "sv": "Serviceärendet {number} bytte status: {status}",
    },
}
# Activities (tasks): no case number.
_TASK: dict[NotificationKind, dict[str, str]] = {
    K.DELEGATED: {
        "fi": "Sinulle delegoitiin tehtävä: {title}",
        "en": "A task was delegated to you: {title}",
        "sv": "En uppgift delegerades till dig: {title}",
    },
    K.DELEGATION_REMINDER: {
        "fi": "Muistutus: kuittaa sinulle delegoitu tehtävä: {title}",
        "en": "Reminder: please acknowledge the task delegated to you: {title}",
        "sv": "Påminnelse: kvittera uppgiften som delegerats till dig: {title}",
    },
    K.DELEGATION_UNACKNOWLEDGED: {
        "fi": "Delegoimaasi tehtävää ei ole vielä kuitattu: {title}",
        "en": "The task you delegated has not been acknowledged yet: {title}",
        "sv": "Uppgiften du delegerade har ännu inte kvitterats: {title}",
    },
    K.REQUEST_PICKED: {
        "fi": "Tehtävä otettiin käsittelyyn: {title}",
        "en": "A task was picked up: {title}",
        "sv": "En uppgift togs om hand: {title}",
    },
    K.STATUS_CHANGED: {
        "fi": "Tehtävän tila muuttui: {status}",
        "en": "A task changed status: {status}",
        "sv": "En uppgift bytte status: {status}",
    },
}
# Sales projects: a stage handed over (whatever the record type, these kinds have one wording).
_PROJECT: dict[NotificationKind, dict[str, str]] = {
    K.STAGE_ASSIGNED: {
        "fi": "Vaihe {stage} siirtyi sinulle: {project}",
        "en": "Stage {stage} is now yours: {project}",
        "sv": "Steget {stage} är nu ditt: {project}",
    },
}
_STAGE_LINES: dict[str, tuple[str, ...]] = {
    "fi": (
        "Projekti: {project}",
        "Vaihe: {stage}",
        "Määräpäivä: {due}",
        "Siirtäjä: {by}",
        "Viesti: {note}",
    ),
    "en": (
        "Project: {project}",
        "Stage: {stage}",
        "Due: {due}",
        "Handed over by: {by}",
        "Note: {note}",
    ),
    "sv": (
        "Projekt: {project}",
        "Steg: {stage}",
        "Förfallodag: {due}",
        "Överlämnat av: {by}",
        "Meddelande: {note}",
    ),
}
# Leads and account-creation requests: one wording each, whatever the record type.
_LEAD: dict[NotificationKind, dict[str, str]] = {
    K.LEAD_ASSIGNED: {
        "fi": "Sinulle ohjattiin liidi: {company}, {product}",
        "en": "A lead was assigned to you: {company}, {product}",
        "sv": "En lead tilldelades dig: {company}, {product}",
    },
    K.LEAD_QUEUED: {
        "fi": "Jonossa {queue} odottaa liidi: {company}, {product}",
        "en": "A lead waits in the queue {queue}: {company}, {product}",
        "sv": "En lead väntar i kön {queue}: {company}, {product}",
    },
    K.LEAD_AT_RISK: {
        "fi": "Liidi on hoidettava viimeistään {due}: {company}",
        "en": "A lead is due by {due}: {company}",
        "sv": "En lead ska hanteras senast {due}: {company}",
    },
    K.LEAD_BREACHED: {
        "fi": "Liidiä ei hoidettu ajassa: {company}",
        "en": "A lead was not handled in time: {company}",
        "sv": "En lead hanterades inte i tid: {company}",
    },
    K.ACCOUNT_REQUEST_SUBMITTED: {
        "fi": "Uusi asiakkuuden perustamispyyntö: {name}",
        "en": "A new account-creation request: {name}",
        "sv": "En ny begäran om att skapa en kund: {name}",
    },
    K.ACCOUNT_REQUEST_COMPLETED: {
        "fi": "Asiakkuus on perustettu: {name}",
        "en": "The account has been created: {name}",
        "sv": "Kunden har skapats: {name}",
    },
    K.ACCOUNT_REQUEST_REJECTED: {
        "fi": "Asiakkuuden perustamispyyntö hylättiin: {name}",
        "en": "The account-creation request was rejected: {name}",
        "sv": "Begäran om att skapa en kund avslogs: {name}",
    },
}
_LEAD_LINES: dict[str, tuple[str, ...]] = {
    "fi": (
        "Yritys: {company}",
        "Yhteyshenkilö: {contact}",
        "Tuote: {product}",
        "Hoidettava viimeistään: {due}",
        "Jono: {queue}",
        "Vastuuhenkilö: {owner}",
        "Ohjannut: {by}",
    ),
    "en": (
        "Company: {company}",
        "Contact: {contact}",
        "Product: {product}",
        "Due: {due}",
        "Queue: {queue}",
        "Owner: {owner}",
        "Assigned by: {by}",
    ),
    "sv": (
        "Företag: {company}",
        "Kontaktperson: {contact}",
        "Produkt: {product}",
        "Ska hanteras senast: {due}",
        "Kö: {queue}",
        "Ansvarig: {owner}",
        "Tilldelad av: {by}",
    ),
}
_REQUEST_LINES: dict[str, tuple[str, ...]] = {
    "fi": ("Asiakas: {name}", "Asiakasnumero: {number}", "Syy: {reason}", "Käsittelijä: {by}"),
    "en": ("Customer: {name}", "Customer number: {number}", "Reason: {reason}", "By: {by}"),
    "sv": ("Kund: {name}", "Kundnummer: {number}", "Orsak: {reason}", "Av: {by}"),
}
_LINES: dict[NotificationKind, dict[str, tuple[str, ...]]] = {
    K.DELEGATED: _DELEGATION_LINES,
    K.DELEGATION_REMINDER: _DELEGATION_LINES,
    K.DELEGATION_UNACKNOWLEDGED: _UNACKNOWLEDGED_LINES,
    K.REQUEST_PICKED: _PICKED_LINES,
    K.STATUS_CHANGED: _STATUS_LINES,
    K.STAGE_ASSIGNED: _STAGE_LINES,
    K.LEAD_ASSIGNED: _LEAD_LINES,
    K.LEAD_QUEUED: _LEAD_LINES,
    K.LEAD_AT_RISK: _LEAD_LINES,
    K.LEAD_BREACHED: _LEAD_LINES,
    K.ACCOUNT_REQUEST_SUBMITTED: _REQUEST_LINES,
    K.ACCOUNT_REQUEST_COMPLETED: _REQUEST_LINES,
    K.ACCOUNT_REQUEST_REJECTED: _REQUEST_LINES,
}

STATUS_LABELS: dict[str, dict[str, str]] = {
    "in_progress": {"fi": "Kesken", "en": "In progress", "sv": "Pågående"},
    "on_hold": {"fi": "Pidossa", "en": "On hold", "sv": "Parkerat"},
    "waiting_for_information": {
        "fi": "Odotetaan tietoja",
        "en": "Waiting for information",
        "sv": "Väntar på information",
    },
    "under_investigation": {"fi": "Tutkittavana", "en": "Under investigation", "sv": "Utreds"},
    "resolved": {"fi": "Selvitetty", "en": "Resolved", "sv": "Löst"},
    "done": {"fi": "Valmis", "en": "Done", "sv": "Klart"},
    "open": {"fi": "Avoin", "en": "Open", "sv": "Öppen"},
    "cancelled": {"fi": "Peruttu", "en": "Cancelled", "sv": "Avbruten"},
}

# The line above the link in an email.
LINK_LABELS = {"fi": "Avaa Kumppanissa:", "en": "Open in Kumppani:", "sv": "Öppna i Kumppani:"}


def locale_of(value: str | None) -> str:
    """A supported language for a user's locale (Finnish when unknown)."""
    code = (value or "").strip().lower()[:2]
    return code if code in LOCALES else DEFAULT_LOCALE


def template(kind: NotificationKind, record_type: str | None, locale: str) -> Template:
    lang = locale_of(locale)
    own = _PROJECT if kind in _PROJECT else _LEAD if kind in _LEAD else None
    titles = own or (_TASK if record_type == "activity" else _REQUEST)
    return Template(titles[kind][lang], _LINES[kind][lang])


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _fill(text: str, values: Mapping[str, str]) -> str:
    """Substitute `{name}` placeholders; anything missing becomes empty. Values are inserted
    as they are (braces in them are not placeholders)."""
    out: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, ""))
    return "".join(out)


_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([:,.])")


def _tidy(text: str) -> str:
    """Spacing and punctuation left by empty params: 'pyyntö : X' → 'pyyntö: X', no dangling
    colon at the end."""
    text = _SPACES.sub(" ", text.replace("\n", " "))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text.strip().rstrip(":,").strip()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _values(params: Mapping[str, str], lang: str) -> dict[str, str]:
    values = {str(k): " ".join(str(v).split()) for k, v in params.items() if v is not None}
    if params.get("note"):
        values["note"] = str(params["note"]).strip()  # a note keeps its line breaks
    status = values.get("status")
    if status in STATUS_LABELS:
        values["status"] = STATUS_LABELS[status][lang]
    return {k: v for k, v in values.items() if v}


def render(
    kind: NotificationKind,
    params: Mapping[str, str],
    locale: str,
    record_type: str | None = None,
) -> Rendered:
    """The notification's title and body in `locale` (fi, en or sv; others fall back to fi)."""
    lang = locale_of(locale)
    tmpl = template(kind, record_type, lang)
    values = _values(params, lang)
    title = _clip(_tidy(_fill(tmpl.title, values)), TITLE_MAX)
    lines = [_fill(line, values) for line in tmpl.lines if _fields(line) <= values.keys()]
    body = "\n".join(lines).strip()
    return Rendered(title, _clip(body, BODY_MAX) if body else None)
