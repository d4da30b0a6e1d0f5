"""Addresses, places and the hard negatives (non-PII words) of the privacy evaluation set.

Streets, postcodes and (outside English) towns come from Faker's locale providers; the real
cities, country names, PO box and flat formats, product names and other negatives are written
out here by hand.
"""

from __future__ import annotations

import random
import re

from faker import Faker

from tests.evaluation.values import digits

# --------------------------------------------------------------------------- places

# fmt: off
CITIES: dict[str, list[str]] = {
    "US": ["Chicago", "Houston", "Phoenix", "Philadelphia", "San Diego", "Seattle", "Denver",
        "Boston", "Nashville", "Portland", "Atlanta", "Minneapolis", "New Orleans", "Sacramento"],
    "GB": ["Manchester", "Birmingham", "Leeds", "Sheffield", "Bristol", "Liverpool", "Newcastle",
        "Nottingham", "Cardiff", "Edinburgh", "Glasgow", "Belfast", "Brighton", "Norwich", "York"],
    "IE": ["Dublin", "Cork", "Galway", "Limerick", "Waterford", "Kilkenny", "Sligo", "Athlone",
        "Drogheda", "Dundalk", "Wexford", "Killarney"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Hobart", "Darwin", "Geelong",
        "Townsville", "Cairns", "Wollongong", "Newcastle", "Canberra"],
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
        "Leipzig", "Dortmund", "Dresden", "Hannover", "Nürnberg", "Bremen", "Freiburg"],
    "FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Bordeaux",
        "Lille", "Rennes", "Montpellier", "Grenoble", "Dijon", "Angers"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao", "Murcia",
        "Palma", "Alicante", "Córdoba", "Valladolid", "Vigo", "Granada"],
    "IT": ["Roma", "Milano", "Napoli", "Torino", "Palermo", "Genova", "Bologna", "Firenze", "Bari",
        "Catania", "Venezia", "Verona", "Padova", "Trieste"],
    "NL": ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
        "Almere", "Breda", "Nijmegen", "Haarlem", "Arnhem", "Maastricht", "Leiden"],
    "PL": ["Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Szczecin", "Lublin",
        "Katowice", "Białystok", "Gdynia", "Toruń", "Rzeszów", "Olsztyn"],
}
# fmt: on
WORLD_CITIES = [
    "Toronto",
    "Vancouver",
    "São Paulo",
    "Buenos Aires",
    "Mexico City",
    "Lagos",
    "Nairobi",
    "Cape Town",
    "Cairo",
    "Istanbul",
    "Dubai",
    "Mumbai",
    "Bangalore",
    "Singapore",
    "Jakarta",
    "Manila",
    "Seoul",
    "Tokyo",
    "Auckland",
    "Lisbon",
    "Porto",
    "Vienna",
    "Zurich",
    "Prague",
    "Budapest",
    "Stockholm",
    "Copenhagen",
    "Helsinki",
    "Oslo",
    "Athens",
    "Bucharest",
    "Kyiv",
]  # fmt: skip

# fmt: off
COUNTRIES: dict[str, list[str]] = {
    "en": ["Germany", "France", "Spain", "Italy", "the Netherlands", "Poland", "Ireland",
        "Portugal", "Canada", "Brazil", "India", "Australia", "New Zealand", "Japan", "Mexico",
        "Nigeria", "Kenya", "Turkey", "Sweden", "Norway", "Greece", "Scotland", "Wales"],
    "de": ["Deutschland", "Österreich", "die Schweiz", "Frankreich", "Spanien", "Italien", "Polen",
        "die Niederlande", "Großbritannien", "Irland", "Kanada", "die Türkei"],
    "fr": ["la France", "la Belgique", "la Suisse", "l'Allemagne", "l'Espagne", "l'Italie",
        "le Portugal", "le Canada", "le Maroc", "le Sénégal", "l'Irlande", "la Pologne"],
    "es": ["España", "México", "Argentina", "Colombia", "Chile", "Perú", "Francia", "Alemania",
        "Portugal", "Italia", "Reino Unido", "Marruecos"],
    "it": ["Italia", "Francia", "Germania", "Spagna", "Svizzera", "Austria", "Regno Unito",
        "Brasile", "Argentina", "Albania", "Romania", "Grecia"],
    "nl": ["Nederland", "België", "Duitsland", "Frankrijk", "Spanje", "Engeland", "Suriname",
        "Marokko", "Turkije", "Indonesië", "Polen", "Portugal"],
    "pl": ["Polska", "Niemcy", "Wielka Brytania", "Irlandia", "Norwegia", "Holandia", "Francja",
        "Hiszpania", "Czechy", "Ukraina", "Kanada", "Szwecja"],
}
# fmt: on


def city(rng: random.Random, fake: Faker, country: str) -> str:
    roll = rng.random()
    if roll < 0.65:
        return rng.choice(CITIES[country])
    if roll < 0.85 or country in {"US", "GB", "IE", "AU", "IT"}:
        return rng.choice(WORLD_CITIES)
    return str(fake.city())


def country_name(rng: random.Random, fake: Faker, lang: str) -> str:
    if lang == "en" and rng.random() < 0.25:
        return str(fake.country())
    return rng.choice(COUNTRIES[lang])


# --------------------------------------------------------------------------- addresses

FLATS: dict[str, list[str]] = {
    "en_US": ["Apt {n}", "Apt. {n}{L}", "Suite {nnn}", "Unit {n}", "#{nnn}"],
    "en_GB": ["Flat {n}", "Flat {n}{L}", "Apartment {n}", "Flat {nn}, {Block} House"],
    "en_IE": ["Apt {n}", "Apartment {nn}", "Flat {n}", "Unit {n}"],
    "en_AU": ["Unit {n}", "Level {n}", "Unit {nn}/"],
    "de_DE": ["Wohnung {n}", "{n}. OG", "App. {nn}", "Hinterhaus, {n}. Stock"],
    "fr_FR": ["Appartement {nn}", "Bâtiment {L}", "Apt {n}, {n}e étage", "Résidence les Tilleuls"],
    "es_ES": ["{n}º {L}", "piso {n}, puerta {n}", "Esc. {L}, {n}º", "bajo {L}"],
    "it_IT": ["interno {n}", "scala {L}, interno {nn}", "piano {n}"],
    "nl_NL": ["{n}-hoog", "app. {nn}", "unit {n}"],
    "pl_PL": ["m. {nn}", "lok. {n}", "m. {n}"],
}
PO_BOXES: dict[str, list[str]] = {
    "en_US": ["PO Box {nnnn}", "P.O. Box {nnn}"],
    "en_GB": ["PO Box {nnnn}", "P.O. Box {nnn}"],
    "en_IE": ["PO Box {nnn}"],
    "en_AU": ["PO Box {nnnn}", "GPO Box {nnnn}", "Locked Bag {nn}"],
    "de_DE": ["Postfach {nn} {nn} {nn}", "Postfach {nnnn}"],
    "fr_FR": ["BP {nnn}", "Boîte postale {nnn}", "CS {nnnnn}"],
    "es_ES": ["Apartado de Correos {nnn}", "Apdo. {nnnn}"],
    "it_IT": ["Casella Postale {nnn}", "C.P. {nnnn}"],
    "nl_NL": ["Postbus {nnnn}", "Antwoordnummer {nnnnn}"],
    "pl_PL": ["skrytka pocztowa {nnn}", "Skr. poczt. {nn}"],
}
_BLOCKS = ["Carlton", "Riverside", "Victoria", "Orchard", "Harbour"]


def _fill(rng: random.Random, pattern: str) -> str:
    out = pattern.replace("{Block}", rng.choice(_BLOCKS)).replace("{L}", rng.choice("ABCDEF"))
    for width in (5, 4, 3, 2, 1):
        out = out.replace("{" + "n" * width + "}", digits(rng, width, "123456789"))
    return out


def street(rng: random.Random, fake: Faker, locale: str) -> str:
    """A street line in the locale's order (number first in en/fr, street first elsewhere)."""
    if locale == "fr_FR":
        sep = rng.choice([", ", " "])
        return f"{rng.randint(1, 140)}{rng.choice(['', '', ' bis'])}{sep}{fake.street_name()}"
    if locale == "pl_PL" and rng.random() < 0.5:
        flat = rng.choice(["", f"/{rng.randint(1, 60)}"])
        return f"ul. {fake.street_name()} {rng.randint(1, 180)}{flat}"
    lines = [part.strip() for part in str(fake.street_address()).splitlines() if part.strip()]
    return ", ".join(lines)


def city_line(rng: random.Random, fake: Faker, locale: str) -> str:
    country = locale[3:]
    # Faker's it_IT towns come in an order that changes with PYTHONHASHSEED: not used.
    faker_town = rng.random() < 0.5 and country != "IT"
    town = str(fake.city()) if faker_town else rng.choice(CITIES[country])
    if locale == "en_US":
        return f"{town}, {fake.state_abbr()} {fake.zipcode()}"
    if locale == "en_AU":
        return f"{town} {fake.state_abbr()} {fake.postcode()}"
    if locale == "en_GB":
        return f"{town} {fake.postcode()}"
    if locale == "en_IE":
        return (
            f"{town}, {fake.postcode()}" if rng.random() < 0.7 else f"{town}, Co. {fake.county()}"
        )
    if locale == "it_IT":
        return f"{fake.postcode()} {town}" + rng.choice(["", f" ({fake.state_abbr()})"])
    return f"{fake.postcode()} {town}"


def flat(rng: random.Random, locale: str) -> str:
    return _fill(rng, rng.choice(FLATS[locale]))


_HAS_FLAT = re.compile(
    r"\b(flat|studio|apt|suite|unit|level|apartment|appartamento|puerta|piso)\b", re.I
)


def address_lines(rng: random.Random, fake: Faker, locale: str) -> list[str]:
    """Street (with a flat line now and then) and postcode/city, one list item per line."""
    lines = [street(rng, fake, locale)]
    if rng.random() < 0.3 and not _HAS_FLAT.search(lines[0]):
        extra = flat(rng, locale)
        if extra.endswith("/"):
            lines[0] = extra + lines[0]
        elif locale.startswith("en") and rng.random() < 0.5:
            lines.insert(0, extra)
        else:
            lines.append(extra)
    lines.append(city_line(rng, fake, locale))
    return lines


def po_box_lines(rng: random.Random, fake: Faker, locale: str) -> list[str]:
    return [_fill(rng, rng.choice(PO_BOXES[locale])), city_line(rng, fake, locale)]


# --------------------------------------------------------------------------- hard negatives

PRODUCTS = [
    "the Export button", "Dark Mode", "Smart Filters", "the Insights tab", "Quick Add",
    "the Timeline view", "Bulk Edit", "Saved Views", "the Share dialog", "Auto-Tagging",
    "the Pro plan", "the Team plan", "the Activity Feed", "Focus Mode", "the Import wizard",
    "Magic Fill", "Snapshots", "the Billing page", "Single Sign-On", "the Kanban board",
    "Offline Mode", "the Command Palette", "Weekly Digest", "the Audit Log", "Custom Fields",
]  # fmt: skip
TOOLS = [
    "Slack", "Jira", "Figma", "Excel", "Notion", "Trello", "Asana", "Zoom", "Microsoft Teams",
    "Google Sheets", "Salesforce", "HubSpot", "Zendesk", "Miro", "Confluence", "Airtable",
    "Power BI", "Tableau", "Dropbox", "WhatsApp", "Outlook", "Gmail", "Shopify", "Xero",
    # not in persona_batch's product list (recognisers/product_words.py): held out
    "Pendo", "Gong", "Coda", "Retool", "Lattice", "Productboard", "Userpilot", "Heap",
    "Harvest", "Freshservice", "Pipefy", "Teamwork", "Smartlook", "Chameleon",
]  # fmt: skip
# fmt: off
DURATIONS: dict[str, list[str]] = {
    "en": ["8+ years", "3 weeks", "six months", "two years", "10 days", "about a year",
        "45 minutes", "18 months", "a fortnight", "5 years", "2 hours"],
    "de": ["3 Wochen", "8 Jahre", "zwei Monate", "45 Minuten", "ein halbes Jahr", "10 Tage"],
    "fr": ["3 semaines", "8 ans", "six mois", "45 minutes", "deux ans", "10 jours"],
    "es": ["3 semanas", "8 años", "seis meses", "45 minutos", "dos años", "10 días"],
    "it": ["3 settimane", "8 anni", "sei mesi", "45 minuti", "due anni", "10 giorni"],
    "nl": ["3 weken", "8 jaar", "zes maanden", "45 minuten", "twee jaar", "10 dagen"],
    "pl": ["3 tygodnie", "8 lat", "pół roku", "45 minut", "dwa lata", "10 dni"],
}
# fmt: on
PRICES: dict[str, list[str]] = {
    "en": ["$49", "$12.99", "£120/month", "€19.90", "$1,450", "£8", "AUD 35", "$300 a year"],
    "de": ["49 €", "12,99 €", "€ 250", "1.200 €", "19 Euro"],
    "fr": ["49 €", "12,99 €", "250 euros", "1 200 €", "19,90 € par mois"],
    "es": ["49 €", "12,99 €", "250 euros", "1.200 €"],
    "it": ["49 €", "12,99 €", "250 euro", "1.200 €"],
    "nl": ["€ 49", "€ 12,99", "250 euro", "€ 1.200"],
    "pl": ["49 zł", "129,99 zł", "250 zł", "1200 zł"],
}
VERSIONS = [
    "v2.3.1", "version 4.2", "4.12.0", "v10", "build 5.0.12", "iOS 17.4", "Android 14",
    "Chrome 126", "release 3.8", "v1.0.7-beta", "macOS 14.5", "Windows 11",
]  # fmt: skip
ROLES = [
    "operations lead", "freelance designer", "practice manager", "head of finance", "PhD student",
    "nurse", "shop owner", "team lead", "office manager", "data analyst", "recruiter", "teacher",
    "account manager", "product owner", "bookkeeper", "UX researcher", "site manager",
]  # fmt: skip
TEAMS = ["marketing", "finance", "operations", "customer success", "the design team", "sales"]
WEEKDAYS: dict[str, list[str]] = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    "it": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"],
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    # Polish templates say "{WEEKDAY}" where others say "on {WEEKDAY}": the phrase is whole.
    "pl": ["w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek", "w sobotę"],
}


def order_ref(rng: random.Random) -> str:
    """An order, ticket or invoice reference of fewer than 7 digits."""
    n = digits(rng, rng.randint(3, 6), "123456789")
    return rng.choice([f"#{n}", n, f"ORD-{n}", f"A-{n}", f"INV-{n}", f"T{n}"])
