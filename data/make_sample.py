"""Generate the synthetic user-research sample used by persona_batch.

Every name, e-mail address, phone number, card number, IBAN, IP address and
street address produced here is FAKE: it comes from Faker (or from the
templates below) driven by a fixed seed. No real person is described.

Usage::

    python data/make_sample.py [--rows N] [--seed S] [--out DIR] [--long-notes]

The output is deterministic for a given seed (and a given Faker version).
Each row is generated from its own seeded ``random.Random`` and a re-seeded
``Faker`` instance, so ``make_rows(50, s)`` is exactly the first 50 rows of
``make_rows(300, s)``, and ``--long-notes`` only changes the
``interview_notes`` column.

The module is self-contained (standard library + Faker + polars) so that
benchmarks can load it with ``importlib`` straight from its path.
``phonenumbers`` is used, if installed, only to double-check that every
generated phone number is valid; the templates are chosen so that the check
never fails, hence the output does not depend on whether it is installed.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import unicodedata
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import polars as pl
from faker import Faker

try:  # optional: only used to verify the generated numbers
    import phonenumbers
except ImportError:  # pragma: no cover - exercised in environments without it
    phonenumbers = None

DEFAULT_ROWS = 300
DEFAULT_SEED = 20261123
DEFAULT_OUT = Path(__file__).resolve().parent
HEAD_ROWS = 50  # rows written to the JSONL and Parquet files
N_TRANSCRIPTS = 6

COLUMNS = [
    "respondent_id",
    "participant",
    "email",
    "phone",
    "country",
    "city",
    "segment",
    "age",
    "signup_date",
    "plan",
    "nps",
    "card_number",
    "iban",
    "ip_address",
    "interview_notes",
    "survey_answer",
]

SCHEMA = {
    "respondent_id": pl.Int64,
    "participant": pl.String,
    "email": pl.String,
    "phone": pl.String,
    "country": pl.String,
    "city": pl.String,
    "segment": pl.String,
    "age": pl.Int64,
    "signup_date": pl.String,  # cast to pl.Date when building the frame
    "plan": pl.String,
    "nps": pl.Int64,
    "card_number": pl.String,
    "iban": pl.String,
    "ip_address": pl.String,
    "interview_notes": pl.String,
    "survey_answer": pl.String,
}

# locale -> (ISO country, weight)
LOCALES = {
    "en_US": ("US", 14),
    "en_GB": ("GB", 14),
    "de_DE": ("DE", 12),
    "fr_FR": ("FR", 10),
    "es_ES": ("ES", 9),
    "it_IT": ("IT", 9),
    "nl_NL": ("NL", 9),
    "pl_PL": ("PL", 8),
    "en_AU": ("AU", 8),
    "en_IE": ("IE", 7),
}
LOCALE_NAMES = list(LOCALES)
LOCALE_WEIGHTS = [w for _, w in LOCALES.values()]

# Real, non-identifying city names (Faker invents towns for the English
# locales, which entity recognisers rarely tag as locations).
CITIES = {
    "US": ["New York", "Chicago", "Austin", "Seattle", "Boston", "Denver", "Atlanta", "Portland"],
    "GB": [
        "London",
        "Manchester",
        "Leeds",
        "Bristol",
        "Edinburgh",
        "Glasgow",
        "Cardiff",
        "Brighton",
    ],
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Leipzig", "Stuttgart"],
    "FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza"],
    "IT": ["Roma", "Milano", "Torino", "Bologna", "Napoli", "Firenze", "Genova"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"],
    "PL": ["Warszawa", "Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra"],
    "IE": ["Dublin", "Cork", "Galway", "Limerick", "Waterford"],
}

# Phone templates: (national, international). "#" is a random digit and
# "{p}" a prefix drawn from the list; both strings get the same digits.
# Fictional/drama ranges are used where libphonenumber accepts them
# (GB 020 7946 0xxx, US 555-01xx, AU 0491 57x xxx and 5550 xxxx, FR 0x xx xx).
PHONE_PLANS: dict[str, list[tuple[list[str], str, str]]] = {
    "US": [
        (
            ["212", "415", "312", "617", "206", "512", "303", "404"],
            "({p}) 555-01##",
            "+1 {p}-555-01##",
        ),
        (
            ["212", "415", "312", "617", "206", "512", "303", "404"],
            "{p}-555-01##",
            "+1 {p} 555 01##",
        ),
        (["646", "718", "510", "773", "425"], "{p}.555.01##", "+1 ({p}) 555-01##"),
    ],
    "GB": [
        (["20 7946"], "020 7946 0###", "+44 20 7946 0###"),
        (["113", "161", "131", "117", "121", "141"], "0{p} 496 0###", "+44 {p} 496 0###"),
        (["7824", "7456", "7580", "7723", "7984", "7412", "7500"], "0{p} ######", "+44 {p} ######"),
    ],
    "DE": [
        (["30 23125", "69 90009", "40 66969", "89 99998"], "0{p}###", "+49 {p}###"),
        (["221 4710"], "0{p}###", "+49 {p}###"),
        (["151", "152", "176", "157"], "0{p} 2#######", "+49 {p} 2#######"),
        (["160", "170", "171", "175"], "0{p} 3######", "+49 {p} 3######"),
    ],
    "FR": [
        (["1 99 00", "2 61 91", "3 53 01", "4 65 71", "5 36 49"], "0{p} ## ##", "+33 {p} ## ##"),
        (["6 1", "6 2", "6 4", "6 7", "7 5", "7 6"], "0{p}# ## ## ##", "+33 {p}# ## ## ##"),
        (["1", "2", "7"], "06.{p}#.##.##.##", "+33 6 {p}# ## ## ##"),
    ],
    "ES": [
        (["61", "62", "63", "65", "66", "68", "69"], "{p}# ### ###", "+34 {p}# ## ## ##"),
        (["91", "93", "95", "96"], "{p}# ## ## ##", "+34 {p}# ### ###"),
    ],
    "IT": [
        (["06 4", "06 5", "02 4", "02 8"], "{p}### ####", "+39 {p}### ####"),
        (
            ["320", "333", "338", "347", "348", "349", "380", "393"],
            "{p} ### ####",
            "+39 {p} ### ####",
        ),
    ],
    "NL": [
        (["1", "2", "3", "4", "5"], "06 {p}#######", "+31 6 {p}#######"),
        (["1", "2", "4", "5"], "06-{p}#######", "+31 6 {p}# ## ## ##"),
        (["20", "10", "30", "70"], "0{p} ### ####", "+31 {p} ### ####"),
    ],
    "PL": [
        (
            ["50", "51", "53", "60", "66", "69", "72", "78", "88"],
            "{p}# ### ###",
            "+48 {p}# ### ###",
        ),
        (["22", "12", "71", "58", "61"], "{p} 2## ## ##", "+48 {p} 2## ## ##"),
    ],
    "AU": [
        (["0491 57"], "{p}# ###", "+61 491 57# ###"),
        (["2", "3", "7", "8"], "(0{p}) 5550 ####", "+61 {p} 5550 ####"),
        (["412", "423", "438", "450"], "0{p} ### ###", "+61 {p} ### ###"),
    ],
    "IE": [
        (["83", "85", "86", "87", "89"], "0{p} ### ####", "+353 {p} ### ####"),
        (["1"], "0{p} 2## ####", "+353 {p} 2## ####"),
    ],
}

IBAN_LOCALES = {
    "GB": "en_GB",
    "DE": "de_DE",
    "FR": "fr_FR",
    "NL": "nl_NL",
    "ES": "es_ES",
    "IT": "it_IT",
}

SEGMENTS = ["Power user", "New customer", "Churned", "Admin", "Occasional"]
SEGMENT_WEIGHTS = [20, 25, 15, 15, 25]
PLAN_WEIGHTS = {  # free, pro, team
    "Power user": [5, 55, 40],
    "New customer": [60, 30, 10],
    "Churned": [50, 35, 15],
    "Admin": [5, 25, 70],
    "Occasional": [70, 25, 5],
}
NPS_RANGE = {
    "Power user": (6, 10),
    "New customer": (3, 10),
    "Churned": (0, 7),
    "Admin": (4, 10),
    "Occasional": (2, 9),
}
FIRST_SIGNUP = date(2019, 1, 1)
LAST_SIGNUP = date(2026, 10, 31)

EXAMPLE_DOMAINS = ["example.com", "example.net", "example.org"]

TRANSLIT = str.maketrans(
    {"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "đ": "d"}
)

# ---------------------------------------------------------------------------
# Free-text vocabulary
# ---------------------------------------------------------------------------

VOCAB = {
    "minutes": ["5", "10", "15", "20", "25", "40"],
    "hours": ["2", "6", "12", "24", "36", "48"],
    "days": ["two", "three", "five", "ten"],
    "seats": ["4", "8", "12", "25", "40"],
    "pct": ["10", "15", "20", "30"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "tool": ["Excel", "Google Sheets", "Notion", "Airtable", "Power BI", "Looker Studio"],
    "device": ["an iPhone 13", "a Pixel 7", "a Galaxy S23", "an old iPad", "a OnePlus phone"],
    "feature": [
        "saved filters",
        "bulk edit",
        "the calendar view",
        "tagging",
        "dashboards",
        "comments",
    ],
    "format": ["CSV", "XLSX", "PDF", "JSON"],
    "team": ["marketing", "finance", "operations", "customer success", "the design team", "sales"],
    "tenure": ["three months", "about a year", "two years", "six weeks", "since the beta"],
}

# Every note template has exactly one subject slot, {Who} or {who}.
NOTE_TEMPLATES = {
    "onboarding": [
        "{Who} needed about {minutes} minutes to finish setup and got stuck on the workspace invite screen.",
        "{Who} skipped the product tour after the second step and went straight to importing data.",
        "The welcome e-mail landed in spam, so {who} only found the setup guide {days} days later.",
        "{Who} expected single sign-on during onboarding and was surprised it needed an admin.",
        'During onboarding {who} said the sample project was "noise" and deleted it right away.',
        "{Who} had used the product for {tenure} and mostly set it up for {team}.",
        "{Who} wanted a checklist that shows what is left to configure.",
        "Importing from {tool} worked, but {who} had to rename every column by hand.",
    ],
    "pricing": [
        "{Who} thought the jump from free to pro was fair but called the team plan expensive for {seats} seats.",
        "On the pricing page {who} could not tell whether exports were included in the pro plan.",
        "{Who} would switch to annual billing for a {pct}% discount.",
        "{Who} compared us with {tool} and said the per-seat price was the main objection from finance.",
        "A usage-based plan would suit {who} better because {team} only logs in at month end.",
        "{Who} downgraded once after a surprise invoice and never fully trusted the billing page again.",
        "The trial felt too short; {who} ran out of time before the budget meeting.",
    ],
    "exports": [
        "{Who} exports to {format} every {weekday} and cleans the file in {tool} afterwards.",
        "The PDF export cut off wide tables, which {who} called a deal breaker for client reports.",
        "{Who} asked for scheduled exports straight to a shared drive.",
        "Large exports timed out twice this month, so {who} now splits them by date range.",
        "{Who} did not know the API could export data and had been copying rows manually.",
        "Exported dates came out in US format, which confused {who} and {team}.",
        "{Who} wanted {feature} to survive an export and re-import.",
    ],
    "mobile": [
        "{Who} mainly uses the mobile app on the commute and wants an offline mode.",
        "On {device} the app logged {who} out after every update.",
        "{Who} found push notifications too noisy and turned them all off in the first week.",
        "The mobile app is read-only for most of what {who} needs, so edits wait until the laptop is open.",
        "{Who} liked the new widget but said the mobile app lacks {feature}.",
        "Photo uploads from {device} failed on hotel Wi-Fi, according to {who}.",
        "{Who} asked for dark mode on mobile before anything else.",
    ],
    "support": [
        "{Who} contacted support twice; the first reply took {hours} hours, the second was solved in chat.",
        "{Who} praised the help centre articles but said the videos are out of date.",
        "A support agent fixed a permissions bug for {who} within the hour.",
        "{Who} could not find how to reach a human and nearly cancelled.",
        "The chatbot kept suggesting the same article, which frustrated {who}.",
        "{Who} would value a named account manager once {team} joins.",
        "Status page updates were too vague for {who} during the last outage.",
    ],
    "general": [
        "Overall {who} described the product as solid but a bit cluttered.",
        "{Who} uses {feature} daily and would miss it most if we removed it.",
        "{Who} recommended us to {team} after the last release.",
        "Search results felt slow to {who} once the workspace grew past a few thousand items.",
        "{Who} keeps a parallel tracker in {tool} because reporting is too limited.",
        "{Who} asked whether {feature} could be shared with external guests.",
    ],
}
ALL_NOTE_TEMPLATES = [t for group in NOTE_TEMPLATES.values() for t in group]

CONTACT_TEMPLATES = {
    "email": [
        "{Who} said to reach {obj} at {email} for the follow-up session.",
        "{Who} prefers e-mail; the best address is {email}.",
        "Send the diary-study invite to {email}, {who} said.",
    ],
    "phone": [
        "{Who} asked for a call on {phone} after 5pm instead of another video session.",
        "{Who} left {poss} number, {phone}, for the recruiter.",
        "For the usability test {who} can be reached on {phone}.",
    ],
    "address": [
        "{Who} asked us to ship the beta hardware to {address}.",
        "The thank-you voucher should go by post to {address}, {who} said.",
        "{Who} gave {address} as the delivery address for the swag pack.",
    ],
}

SURVEY_PLAIN = [
    "Cheaper team seats and faster exports.",
    "If the mobile app worked offline I would recommend it to everyone.",
    "Better onboarding for new colleagues, honestly.",
    "Fix the PDF export and I'd be a promoter.",
    "A real person on support when things break.",
    "Nothing, I already recommend you. Keep the free plan.",
    "Clearer pricing. I still don't know what pro includes.",
    "Single sign-on and an audit log for our security team.",
    "Dark mode and a faster search.",
    "Integrations with the tools we already use. Right now it's an island.",
    "Less frequent UI changes, please.",
    "Proper scheduled reports.",
]
SURVEY_URL = [
    "A public roadmap like {url} would help me sell it internally.",
    "Answer the feature request at {url} and I'm in.",
    "I'd recommend it if the docs at {url} were up to date.",
    "Better API limits. See my post at {url}.",
]
SURVEY_COLLEAGUE = [
    "My colleague {colleague} would sign up tomorrow if you had SSO.",
    "I already told {colleague_first} about it; cheaper seats would close the deal.",
    "Ask {colleague}, our admin, they have a long list. Mostly permissions.",
    "{colleague_first} from {team} keeps asking for Gantt charts.",
]
URLS = [
    "https://example.com/roadmap",
    "https://community.example.org/t/feature-request-{n}",
    "https://docs.example.net/api/v2/exports",
    "https://example.com/ideas/{n}",
    "http://feedback.example.org/board?item={n}",
]

_FORMATTER = string.Formatter()


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _seeded_faker(locale: str, seed: str) -> Faker:
    fake = _faker(locale)
    fake.seed_instance(seed)
    return fake


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    return text.encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return "".join(ch for ch in _ascii(text).lower() if ch.isalnum())


def luhn_check_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # these digits get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_card_number(rng: random.Random) -> str:
    kind = rng.choices(["visa", "mc", "mc2", "amex"], weights=[45, 20, 15, 20])[0]
    if kind == "visa":
        prefix, length = "4", 16
    elif kind == "mc":
        prefix, length = str(rng.randint(51, 55)), 16
    elif kind == "mc2":
        prefix, length = str(rng.randint(2221, 2720)), 16
    else:
        prefix, length = rng.choice(["34", "37"]), 15
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    number = body + luhn_check_digit(body)
    groups = [4, 6, 5] if length == 15 else [4, 4, 4, 4]
    parts, start = [], 0
    for g in groups:
        parts.append(number[start : start + g])
        start += g
    sep = rng.choices([" ", "-", ""], weights=[45, 25, 30])[0]
    return sep.join(parts)


def _fill(
    template: str, prefix: str, rng: random.Random, digits: list[str] | None = None
) -> tuple[str, list[str]]:
    out: list[str] = []
    used: list[str] = []
    it = iter(digits) if digits is not None else None
    for ch in template.replace("{p}", prefix):
        if ch == "#":
            d = next(it) if it is not None else rng.choice(string.digits)
            used.append(d)
            out.append(d)
        else:
            out.append(ch)
    return "".join(out), used


def phone_is_valid(number: str, country: str) -> bool:
    """True if ``phonenumbers`` accepts the number (or is not installed)."""
    if phonenumbers is None:
        return True
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_valid_number(parsed)
        and phonenumbers.region_code_for_number(parsed) == country
    )


def make_phone(rng: random.Random, country: str) -> str:
    for _ in range(100):
        prefixes, national, international = rng.choice(PHONE_PLANS[country])
        prefix = rng.choice(prefixes)
        nat, digits = _fill(national, prefix, rng)
        if rng.random() < 0.5:
            number = nat
        else:
            number, _ = _fill(international, prefix, rng, digits)
        if phone_is_valid(number, country):
            return number
    raise RuntimeError(f"could not generate a valid phone number for {country}")


def make_iban(fake: Faker, rng: random.Random) -> str:
    iban = fake.iban()
    if rng.random() < 0.4:  # "print" format, groups of four
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def iban_is_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def make_email(rng: random.Random, fake: Faker, first: str, last: str) -> str:
    f, lname = _slug(first), _slug(last)
    local = rng.choice(
        [
            f"{f}.{lname}",
            f"{f}{lname}",
            f"{f[0]}.{lname}",
            f"{f}_{lname}",
            f"{f}{rng.randint(1, 99)}",
            f"{lname}.{f}",
            f"{f[0]}{lname}{rng.randint(70, 99)}",
        ]
    )
    domain = rng.choice(EXAMPLE_DOMAINS) if rng.random() < 0.6 else fake.free_email_domain()
    return f"{local}@{domain}"


def make_address(fake: Faker, country: str, city: str) -> str:
    street = ", ".join(part.strip() for part in fake.street_address().splitlines() if part.strip())
    postcode = fake.postcode()
    if country in {"US", "GB", "AU", "IE"}:
        return f"{street}, {city} {postcode}"
    return f"{street}, {postcode} {city}"


def _pronouns(gender: str) -> dict[str, str]:
    return {
        "f": {"subj": "she", "obj": "her", "poss": "her"},
        "m": {"subj": "he", "obj": "him", "poss": "his"},
        "x": {"subj": "they", "obj": "them", "poss": "their"},
    }[gender]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _vocab(rng: random.Random, template: str) -> dict[str, str]:
    return {name: rng.choice(VOCAB[name]) for name in _fields(template) if name in VOCAB}


def make_notes(rng: random.Random, person: dict, long_notes: bool) -> str:
    """Single-line research notes; may mention the name and contact details."""
    n_sentences = rng.randint(8, 20) if long_notes else rng.randint(2, 5)
    mention_name = rng.random() < 0.60
    contact_kind = rng.choice(["email", "phone", "address"]) if rng.random() < 0.25 else None

    templates = rng.sample(ALL_NOTE_TEMPLATES, n_sentences - (1 if contact_kind else 0))
    if contact_kind:
        templates.insert(
            rng.randrange(len(templates) + 1), rng.choice(CONTACT_TEMPLATES[contact_kind])
        )
    name_at = rng.randrange(len(templates)) if mention_name else -1

    pron = _pronouns(person["gender"])
    pid = f"P{person['respondent_id']:03d}"
    sentences = []
    for i, template in enumerate(templates):
        if i == name_at:
            who = person["participant"] if rng.random() < 0.5 else person["first"]
        elif mention_name and i > name_at and rng.random() < 0.7:
            who = pron["subj"]
        else:
            who = rng.choice(["the participant", pid, "the respondent"])
        values = _vocab(rng, template)
        values.update(
            who=who,
            Who=_cap(who),
            obj=pron["obj"],
            poss=pron["poss"],
            email=person["email"],
            phone=person["phone"],
            address=person["address"],
        )
        sentences.append(template.format(**values))
    return " ".join(sentences)


def make_survey_answer(rng: random.Random, fake: Faker) -> str:
    roll = rng.random()
    if roll < 0.15:
        url = rng.choice(URLS).format(n=rng.randint(100, 9999))
        return rng.choice(SURVEY_URL).format(url=url)
    if roll < 0.30:
        first, last = fake.first_name(), fake.last_name()
        return rng.choice(SURVEY_COLLEAGUE).format(
            colleague=f"{first} {last}", colleague_first=first, team=rng.choice(VOCAB["team"])
        )
    answer = rng.choice(SURVEY_PLAIN)
    if rng.random() < 0.3:
        answer += " " + rng.choice(SURVEY_PLAIN)
    return answer


def _make_person(seed: int, i: int) -> dict:
    """All per-respondent facts, including fields only used in free text."""
    rng = random.Random(f"{seed}:{i}:row")
    locale = rng.choices(LOCALE_NAMES, weights=LOCALE_WEIGHTS)[0]
    country = LOCALES[locale][0]
    fake = _seeded_faker(locale, f"{seed}:{i}:person")

    gender = rng.choices(["f", "m", "x"], weights=[48, 48, 4])[0]
    first = (
        fake.first_name_female()
        if gender == "f"
        else fake.first_name_male()
        if gender == "m"
        else fake.first_name()
    )
    last = fake.last_name()
    city = rng.choice(CITIES[country])
    segment = rng.choices(SEGMENTS, weights=SEGMENT_WEIGHTS)[0]
    if segment == "New customer":
        signup = LAST_SIGNUP - timedelta(days=rng.randint(0, 120))
    else:
        signup = FIRST_SIGNUP + timedelta(
            days=rng.randint(0, (LAST_SIGNUP - FIRST_SIGNUP).days - 60)
        )
    lo, hi = NPS_RANGE[segment]

    card = make_card_number(rng) if rng.random() < 0.30 else None
    iban = None
    if rng.random() < 0.30:
        iban_country = country if country in IBAN_LOCALES else rng.choice(sorted(IBAN_LOCALES))
        iban = make_iban(_seeded_faker(IBAN_LOCALES[iban_country], f"{seed}:{i}:iban"), rng)
    ip = fake.ipv6() if rng.random() < 0.15 else fake.ipv4_public()

    return {
        "respondent_id": i,
        "participant": f"{first} {last}",
        "email": make_email(rng, fake, first, last),
        "phone": make_phone(random.Random(f"{seed}:{i}:phone"), country),
        "country": country,
        "city": city,
        "segment": segment,
        "age": rng.randint(18, 80),
        "signup_date": signup.isoformat(),
        "plan": rng.choices(["free", "pro", "team"], weights=PLAN_WEIGHTS[segment])[0],
        "nps": rng.randint(lo, hi),
        "card_number": card,
        "iban": iban,
        "ip_address": ip,
        # extra facts used by notes and transcripts, not columns
        "first": first,
        "last": last,
        "gender": gender,
        "locale": locale,
        "address": make_address(fake, country, city),
    }


def _row(seed: int, i: int, long_notes: bool) -> tuple[dict, dict]:
    person = _make_person(seed, i)
    notes = make_notes(random.Random(f"{seed}:{i}:notes"), person, long_notes)
    survey = make_survey_answer(
        random.Random(f"{seed}:{i}:survey"), _seeded_faker(person["locale"], f"{seed}:{i}:survey")
    )
    row = {col: person.get(col) for col in COLUMNS}
    row["interview_notes"] = notes
    row["survey_answer"] = survey
    return row, person


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def make_rows(n: int, seed: int, long_notes: bool = False) -> list[dict]:
    """Return ``n`` synthetic respondents as dicts with keys in ``COLUMNS`` order.

    Empty ``card_number`` / ``iban`` are ``None``; ``signup_date`` is an ISO string.
    """
    return [_row(seed, i, long_notes)[0] for i in range(1, n + 1)]


def to_frame(rows: list[dict]) -> pl.DataFrame:
    df = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return df.with_columns(pl.col("signup_date").str.to_date("%Y-%m-%d"))


# Transcript dialogue: (interviewer line, participant line) pairs.
TRANSCRIPT_QA = [
    (
        "How did the first week with the product go?",
        "Setup took me about {minutes} minutes. The invite screen was the confusing part.",
    ),
    (
        "What do you think about the pricing?",
        "Pro is fine. The team plan for {seats} seats is hard to justify to finance.",
    ),
    (
        "How do you get data out of the tool?",
        "I export {format} every {weekday} and tidy it up in {tool}.",
    ),
    ("Do you use the mobile app?", "Mostly on {device}. I really want an offline mode."),
    (
        "Tell me about the last time you contacted support.",
        "It took {hours} hours to get a first answer, then chat solved it quickly.",
    ),
    ("Which feature would you miss most?", "Probably {feature}, and {team} relies on it too."),
    (
        "Is anything slowing you down at the moment?",
        "Search gets slow once there are a few thousand items.",
    ),
    (
        "Would you recommend us to a colleague?",
        "I already did, my colleague {colleague} signed up last month.",
    ),
    ("What would you change first?", "Clearer pricing page, and scheduled exports."),
    (
        "How does your team share work in the product?",
        "We leave comments for each other, but guests can't see {feature}.",
    ),
]


def make_transcript(seed: int, k: int, person: dict, markdown: bool) -> str:
    rng = random.Random(f"{seed}:transcript:{k}")
    fake = _seeded_faker(person["locale"], f"{seed}:transcript:{k}")
    full, first = person["participant"], person["first"]
    colleague = f"{fake.first_name()} {fake.last_name()}"
    interview_day = date(2026, 11, 2) + timedelta(days=rng.randint(0, 14))

    def vals(text: str) -> dict[str, str]:
        v = _vocab(rng, text)
        v["colleague"] = colleague
        return v

    turns: list[tuple[str, str]] = [
        (
            "I",
            f"Thanks for joining today, {first}. Can you confirm your full name for the recording?",
        ),
        ("P", f"Sure, it's {full}."),
        ("I", "And where are you based these days?"),
        ("P", f"I'm in {person['city']}, working mostly from home."),
    ]
    n_pairs = rng.randint(5, 9)
    for question, answer in rng.sample(TRANSCRIPT_QA, n_pairs):
        turns.append(("I", question))
        turns.append(("P", answer.format(**vals(answer))))
    turns += [
        ("I", f"Great, {first}. Is {person['email']} still the best address for the voucher?"),
        ("P", f"Yes, that works. Or call me on {person['phone']} if it's urgent."),
        ("I", f"Perfect. Thanks again, {first}, that's everything from me."),
    ]

    if markdown:
        lines = [
            f"# Interview {k:02d}: {full}",
            "",
            f"*Date:* {interview_day.isoformat()} · *Mode:* remote video · *Location:* {person['city']}",
            "",
        ]
        names = {"I": "**Interviewer:**", "P": f"**{full}:**"}
        lines += [f"- {names[who]} {text}" for who, text in turns]
    else:
        lines = [
            f"Interview {k:02d} - {interview_day.isoformat()} - remote video",
            f"Participant: {full} ({person['segment']}, {person['plan']} plan)",
            "",
        ]
        stamp = rng.randint(30, 90)
        timestamps = rng.random() < 0.5
        names = (
            {"I": "INTERVIEWER", "P": first.upper()}
            if timestamps
            else {"I": "Interviewer", "P": first}
        )
        for who, text in turns:
            prefix = (
                f"[{stamp // 3600:02d}:{stamp % 3600 // 60:02d}:{stamp % 60:02d}] "
                if timestamps
                else ""
            )
            lines.append(f"{prefix}{names[who]}: {text}")
            stamp += rng.randint(8, 75)
    return "\n".join(lines) + "\n"


def transcript_names() -> list[str]:
    return [f"interview_{k:02d}.{'md' if k > 4 else 'txt'}" for k in range(1, N_TRANSCRIPTS + 1)]


def write_sample(out_dir: Path, n: int, seed: int, long_notes: bool = False) -> dict[str, Path]:
    """Write CSV (n rows), JSONL + Parquet (first 50 rows) and 6 transcripts.

    Returns ``{"csv", "jsonl", "parquet", "transcripts"}`` -> path (the last is a directory).
    """
    out_dir = Path(out_dir)
    transcripts_dir = out_dir / "transcripts"
    transcripts_dir.mkdir(parents=True, exist_ok=True)

    rows = make_rows(n, seed, long_notes)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, str) and ("\n" in value or "\r" in value):
                raise ValueError(f"newline in {key} of respondent {row['respondent_id']}")
    df = to_frame(rows)
    paths = {
        "csv": out_dir / "research_sample.csv",
        "jsonl": out_dir / "research_sample.jsonl",
        "parquet": out_dir / "research_sample.parquet",
        "transcripts": transcripts_dir,
    }
    df.write_csv(paths["csv"])
    head = df.head(HEAD_ROWS)
    head.write_ndjson(paths["jsonl"])
    head.write_parquet(paths["parquet"])

    # Transcripts always use respondents 1..6 (rows do not depend on n).
    for k, name in enumerate(transcript_names(), start=1):
        _, person = _row(seed, k, long_notes=False)
        text = make_transcript(seed, k, person, markdown=name.endswith(".md"))
        (transcripts_dir / name).write_text(text, encoding="utf-8", newline="\n")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help="rows in the CSV (default %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: data/)"
    )
    parser.add_argument(
        "--long-notes", action="store_true", help="8-20 sentences of interview notes per row"
    )
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be >= 1")
    paths = write_sample(args.out, args.rows, args.seed, args.long_notes)
    for key, path in paths.items():
        print(f"{key:12s} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
