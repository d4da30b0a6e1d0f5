"""Write ``personas.jsonl``, the labelled calibration set of the quality score, from the records
below.

Each record is a persona, the anonymised sources it was made from, a label (excellent, good,
acceptable, poor, failing) and a one-line reason against ``RUBRIC.md``. The labels were written
from the rubric before the score was tuned. Many records are variants of a grounded persona with
one thing changed (a tag for a name, a copied background, a contradiction), so that the set shows
what each defect costs; their names differ so that no variant is a duplicate name of another.
A record with ``duplicate_of`` is a near copy of that earlier record: the evaluation scores the
two together, the earlier first.

Usage::

    python data/calibration/make_set.py   # rewrites data/calibration/personas.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES: dict[str, str] = {
    "bank-01": (
        "country: DE\nage: 38\ninterview_notes: <PERSON> runs the finances of a four-person "
        "carpentry workshop in Leipzig. She pays suppliers from the mobile app on Sunday evenings "
        "and keeps receipts in a shoebox until the quarterly tax deadline. Two-factor codes arrive "
        "late when she is in the basement workshop, so transfers time out. She would like to "
        "photograph receipts and attach them to a payment.\n"
        "survey_answer: Die App ist gut, aber die TAN kommt immer zu spät."
    ),
    "nurse-01": (
        "country: GB\nage: 29\ninterview_notes: Works night shifts on a surgical ward in "
        "<LOCATION>. Checks the rota app on her break at 3 am and swaps shifts with colleagues "
        "through a WhatsApp group because the app's swap request needs a manager's approval that "
        "takes days. Onboarding videos still show the old version of the app. Wants to see which "
        "colleagues are free to swap before asking.\n"
        "survey_answer: I just want to swap a shift without waiting three days."
    ),
    "farm-01": (
        "country: FR\nage: 54\ninterview_notes: Grows cereals and rapeseed on 120 hectares near "
        "<LOCATION> and orders seed and fertiliser through the cooperative's web portal. The "
        "portal logs him out when the signal drops in the fields, and he loses the basket. He "
        "orders from the tractor cab on his phone during spraying season. His daughter <PERSON> "
        "sets up new features for him.\n"
        "survey_answer: Le panier disparaît dès que le réseau coupe, c'est pénible."
    ),
    "stud-01": (
        "country: ES\nage: 20\ninterview_notes: Second-year architecture student in Valencia. "
        "Shares lecture notes with four classmates in a shared folder and loses track of which "
        "version is newest before exams. Uses the free plan and would not pay for more storage; "
        "would pay only for offline access on the train home at weekends.\n"
        "survey_answer: Si pudiera abrir los apuntes sin conexión en el tren, pagaría."
    ),
    "retail-01": (
        "country: US\nage: 46\ninterview_notes: Manages a hardware store in Dayton with eleven "
        "staff. Does the stock count every Monday before opening with a handheld scanner; the "
        "scanner app crashes when the batch passes about 500 items, and the count has to start "
        "again. Reorders through the supplier's website from the back office PC. "
        "Email: <EMAIL_ADDRESS>.\n"
        "survey_answer: When the scanner crashes at item 500 I lose the whole morning."
    ),
    "pharm-01": (
        "country: IT\nage: 72\ninterview_notes: Retired railway clerk in Bologna who manages "
        "repeat prescriptions for himself and his wife. Orders refills through the pharmacy app, "
        "but the font is too small and the reminder arrives the same day the medicine runs out. "
        "His grandson <PERSON> showed him how to use it. Prefers to phone the pharmacy at "
        "<PHONE_NUMBER> when in doubt.\n"
        "survey_answer: Il promemoria arriva sempre troppo tardi, il giorno stesso."
    ),
    "dev-01": (
        "country: PL\nage: 33\ninterview_notes: Backend developer at a fintech in Kraków. "
        "Watches the CI dashboard on a second monitor; flaky integration tests fail about one "
        "build in five, and he reruns them by hand. Wants failed tests grouped by cause and a "
        "link straight to the log line. Team lead PERSON_3f2a9c1d7e8b4a60 asked for a weekly "
        "flakiness report.\n"
        "survey_answer: Half my mornings go on rerunning tests that were never broken."
    ),
    "teach-01": (
        "country: AU\nage: 41\ninterview_notes: Teaches Year 9 maths at a public school in "
        "Melbourne. Marks about 120 assignments a week in the grading tool, mostly on Sunday "
        "afternoons. Rubric comments cannot be reused across classes, so she types the same "
        "feedback again. Parents email her at <EMAIL_ADDRESS> asking why marks are not visible "
        "yet.\nsurvey_answer: I type the same comment thirty times a week."
    ),
    "disp-01": (
        "country: NL\nage: 51\ninterview_notes: Plans routes for 14 delivery vans from a depot "
        "near Rotterdam. Starts at 5 am, re-plans when a driver calls in sick, and drags stops "
        "between routes on a map. The planner freezes when more than 300 stops are loaded. "
        "Drivers send photos of delivery proof over WhatsApp to <PHONE_NUMBER>.\n"
        "survey_answer: Als de planner vastloopt om vijf uur 's ochtends, sta ik met lege handen."
    ),
    "care-01": (
        "country: CA\nage: 36\ninterview_notes: Single parent of two in Toronto who works "
        "rotating shifts at a call centre. Books drop-in childcare through the city's app the "
        "night before; slots fill up within minutes at 8 pm. Pays by card saved in the app. "
        "Would like a waiting list that notifies her when a slot frees.\n"
        "survey_answer: By 8:05 every slot is gone and I'm refreshing like mad."
    ),
    "acct-01": (
        "country: IE\nage: 44\ninterview_notes: Sole-practitioner accountant in Cork with about "
        "60 small-business clients. Chases clients for missing invoices every month-end by email "
        "and keeps a spreadsheet of who has sent what. Clients upload photos of receipts that are "
        "often unreadable. Would pay for automatic reminders that stop once the document "
        "arrives.\nsurvey_answer: I spend the last week of every month chasing people for paper."
    ),
    "clinic-01": (
        "country: US\nage: 27\ninterview_notes: Front-desk receptionist at a family clinic in "
        "Atlanta. Books and moves around 80 appointments a day across three doctors; when a "
        "doctor runs late she phones patients one by one. The scheduling system shows only one "
        "doctor's calendar at a time. Patient <PERSON> complained that the reminder text had the "
        "wrong time.\nsurvey_answer: I need to see all three calendars at once, that's it."
    ),
    "cafe-01": (
        "country: PT\nage: 39\ninterview_notes: Owns a small café in Lisbon's Graça district "
        "with two part-time staff. Closes the till on the POS tablet each night and exports sales "
        "to her accountant on Fridays. The tablet cannot split a bill between card and cash, so "
        "staff ring it up twice. Tourists often ask for receipts in English.\n"
        "survey_answer: Dividir a conta entre cartão e dinheiro é um pesadelo."
    ),
    "lab-01": (
        "country: CH\nage: 35\ninterview_notes: Research scientist in a pharmaceutical lab in "
        "Basel. Registers about 200 samples a week in the LIMS and prints barcode labels; the "
        "label printer queue jams when two people print at once. Audits require a full history "
        "of each sample, which she exports to PDF by hand.\n"
        "survey_answer: Every audit week I export sample histories one PDF at a time."
    ),
    "drv-01": (
        "country: GB\nage: 24\ninterview_notes: Delivers parcels in Birmingham for a courier "
        "firm, about 130 drops a day in a van. Uses the driver app to scan parcels and take "
        "photos; the app drains his phone battery by early afternoon. Customers who are out get "
        "a card; he would like to message them before he arrives.\n"
        "survey_answer: Phone's dead by two and I've still got forty drops."
    ),
    "hr-01": (
        "country: US\nage: 31\ninterview_notes: HR generalist at a 200-person software company "
        "in Austin. Onboards about eight new hires a month; collects signed forms by email and "
        "re-types them into the HR system. New hires often start without a laptop because IT is "
        "told too late.\nsurvey_answer: Half of onboarding is me copying PDFs into fields."
    ),
    "mus-01": (
        "country: DE\nage: 42\ninterview_notes: Freelance session musician in Berlin who plays "
        "bass on about ten recordings a month. Writes invoices in a word processor and forgets "
        "which ones are unpaid; the tax adviser wants a list every quarter. Gets paid in euros "
        "and sometimes in pounds.\nsurvey_answer: I never know which invoices are still open."
    ),
    "ins-01": (
        "country: MX\nage: 48\ninterview_notes: Claims adjuster for a car insurer in Mexico "
        "City. Visits four or five accident sites a day and fills the claim form on a tablet; "
        "photos upload only over Wi-Fi, so she finishes the files at night at home. Customers "
        "call her at <PHONE_NUMBER> to ask about progress.\n"
        "survey_answer: Termino los expedientes en casa porque las fotos no suben."
    ),
    "gym-01": (
        "country: GB\nage: 58\ninterview_notes: Runs a community leisure centre's front desk in "
        "Swansea. Members book classes online, but older members ring up instead, and she types "
        "their bookings in by hand. Class lists print badly on the old printer.\n"
        "survey_answer: Most of my calls are people who can't find the booking button."
    ),
    "sales-01": (
        "country: US\nage: 39\ninterview_notes: Regional sales manager for a dental supplies "
        "distributor, covers 40 practices in Ohio and Kentucky. Logs visits in the CRM from his "
        "car between appointments; the mobile CRM needs six taps to log one visit. Commission "
        "reports arrive a month late. Manager: <PERSON>, phone <PHONE_NUMBER>.\n"
        "survey_answer: Six taps to log a visit, times eight visits a day."
    ),
}


def ev(field: str, source_id: str, excerpt: str) -> dict[str, str]:
    return {"field": field, "source_id": source_id, "excerpt": excerpt}


BASES: dict[str, dict[str, Any]] = {
    "bank": {
        "source_ids": ["bank-01"],
        "name": "Katrin Vogel",
        "age": 38,
        "occupation": "Office manager at a carpentry workshop",
        "location": "Leipzig, Germany",
        "background": (
            "Katrin keeps the books for a four-person carpentry workshop. She pays suppliers from "
            "her phone on Sunday evenings and collects receipts in a shoebox until the quarterly "
            "tax deadline, when she sorts them all at once."
        ),
        "goals": [
            "Attach a photo of each receipt to the payment it belongs to",
            "Finish supplier transfers before the two-factor code expires",
        ],
        "frustrations": ["Two-factor codes arrive late in the basement, so transfers time out"],
        "behaviours": [
            "Pays suppliers from the mobile app on Sunday evenings",
            "Keeps paper receipts until the quarterly tax deadline",
        ],
        "quote": "Die App ist gut, aber die TAN kommt bei mir immer zu spät.",
        "evidence": [
            ev("behaviours", "bank-01", "pays suppliers from the mobile app on Sunday evenings"),
            ev("frustrations", "bank-01", "Two-factor codes arrive late"),
            ev("goals", "bank-01", "photograph receipts and attach them to a payment"),
        ],
    },
    "nurse": {
        "source_ids": ["nurse-01"],
        "name": "Chloe Bennett",
        "age": 29,
        "occupation": "Surgical ward nurse",
        "location": "Nottingham, UK",
        "background": (
            "Chloe works night shifts on a surgical ward and checks the rota app on her 3 am "
            "break. Because a swap request waits days for a manager's approval, she arranges "
            "swaps with colleagues in a WhatsApp group instead."
        ),
        "goals": [
            "See which colleagues are free before asking for a swap",
            "Swap a shift without waiting days for approval",
        ],
        "frustrations": [
            "Swap requests need a manager's approval that takes days",
            "Onboarding videos still show the old version of the app",
        ],
        "behaviours": [
            "Checks the rota app on her break at 3 am",
            "Arranges shift swaps in a WhatsApp group",
        ],
        "quote": "I just want to swap a shift without waiting three days for someone to approve.",
        "evidence": [
            ev("behaviours", "nurse-01", "Checks the rota app on her break at 3 am"),
            ev("frustrations", "nurse-01", "needs a manager's approval that takes days"),
        ],
    },
    "farm": {
        "source_ids": ["farm-01"],
        "name": "Bernard Lefèvre",
        "age": 54,
        "occupation": "Cereal farmer",
        "location": "Chartres, France",
        "background": (
            "Bernard farms cereals and rapeseed on 120 hectares and orders seed and fertiliser "
            "from the cooperative's portal. In spraying season he orders on his phone from the "
            "tractor cab, where the signal often drops; his daughter sets up new features for him."
        ),
        "goals": [
            "Keep his basket when the mobile signal drops",
            "Order seed and fertiliser quickly from the tractor cab",
        ],
        "frustrations": ["The portal logs him out and empties the basket when the signal drops"],
        "behaviours": [
            "Orders from his phone in the tractor cab during spraying season",
            "Asks his daughter to set up new features",
        ],
        "quote": "Je perds mon panier dès que le réseau coupe dans les champs.",
        "evidence": [
            ev("frustrations", "farm-01", "logs him out when the signal drops"),
            ev("behaviours", "farm-01", "orders from the tractor cab on his phone"),
        ],
    },
    "student": {
        "source_ids": ["stud-01"],
        "name": "Lucía Navarro",
        "age": 20,
        "occupation": "Architecture student",
        "location": "Valencia, Spain",
        "background": (
            "Lucía is in her second year of architecture and shares lecture notes with four "
            "classmates in one folder. Before exams she loses track of which version is newest, "
            "and at weekends she studies on the train home, where there is no signal."
        ),
        "goals": [
            "Know which version of the shared notes is the newest",
            "Open her notes offline on the train home",
        ],
        "frustrations": ["Loses track of the newest version of the notes before exams"],
        "behaviours": [
            "Shares lecture notes with four classmates in a shared folder",
            "Stays on the free plan",
        ],
        "quote": "Si pudiera abrir mis apuntes sin conexión en el tren, pagaría.",
        "evidence": [
            ev("behaviours", "stud-01", "Shares lecture notes with four classmates"),
            ev("goals", "stud-01", "would pay only for offline access on the train"),
        ],
    },
    "retail": {
        "source_ids": ["retail-01"],
        "name": "Darnell Brooks",
        "age": 46,
        "occupation": "Hardware store manager",
        "location": "Dayton, Ohio",
        "background": (
            "Darnell manages a hardware store in Dayton and does the weekly stock count himself."
        ),
        "goals": ["Finish the Monday stock count without starting again", "Save time on admin"],
        "frustrations": ["The scanner app crashes after about 500 items"],
        "behaviours": ["Counts stock every Monday before opening"],
        "quote": "When the scanner crashes I lose my whole morning.",
        "evidence": [ev("frustrations", "retail-01", "the scanner app crashes")],
    },
    "pharm": {
        "source_ids": ["pharm-01"],
        "name": "Giorgio Bellini",
        "age": 72,
        "occupation": "Retired railway clerk",
        "location": "Bologna, Italy",
        "background": (
            "Giorgio, a retired railway clerk, manages repeat prescriptions for himself and his "
            "wife in the pharmacy app his grandson set up for him. He finds the text too small and "
            "phones the pharmacy whenever he is unsure."
        ),
        "goals": [
            "Get a refill reminder days before the medicine runs out",
            "Read the app without reaching for his glasses",
        ],
        "frustrations": [
            "The reminder arrives on the day the medicine runs out",
            "The font in the app is too small",
        ],
        "behaviours": [
            "Orders refills for himself and his wife in the app",
            "Phones the pharmacy when in doubt",
        ],
        "quote": "Il promemoria mi arriva sempre troppo tardi.",
        "evidence": [
            ev("frustrations", "pharm-01", "the font is too small"),
            ev("behaviours", "pharm-01", "Prefers to phone the pharmacy"),
        ],
    },
    "dev": {
        "source_ids": ["dev-01"],
        "name": "Tomasz Wójcik",
        "age": 33,
        "occupation": "Backend developer",
        "location": "Kraków, Poland",
        "background": (
            "Tomasz writes backend services for a fintech and keeps the CI dashboard open on a "
            "second monitor. About one build in five fails on flaky integration tests, which he "
            "reruns by hand, and his team lead wants a weekly report on them."
        ),
        "goals": ["See failed tests grouped by cause", "Jump from a failure straight to its log"],
        "frustrations": ["Flaky integration tests fail about one build in five"],
        "behaviours": [
            "Reruns flaky tests by hand",
            "Watches the CI dashboard on a second monitor",
        ],
        "quote": "Half my mornings go on rerunning tests that were never broken.",
        "evidence": [
            ev("frustrations", "dev-01", "flaky integration tests fail about one build in five"),
            ev("goals", "dev-01", "Wants failed tests grouped by cause"),
        ],
    },
    "teach": {
        "source_ids": ["teach-01"],
        "name": "Rebecca Tran",
        "age": 41,
        "occupation": "Secondary maths teacher",
        "location": "Melbourne, Australia",
        "background": (
            "Rebecca teaches Year 9 maths at a public school and marks about 120 assignments a "
            "week, mostly on Sunday afternoons."
        ),
        "goals": ["Reuse rubric comments across her classes", "Spend less time on marking"],
        "frustrations": ["Types the same feedback again for every class"],
        "behaviours": ["Marks assignments on Sunday afternoons"],
        "quote": "I type the same comment thirty times a week.",
        "evidence": [ev("behaviours", "teach-01", "mostly on Sunday afternoons")],
    },
    "disp": {
        "source_ids": ["disp-01"],
        "name": "Marco de Vries",
        "age": 51,
        "occupation": "Transport dispatcher",
        "location": "Rotterdam, Netherlands",
        "background": (
            "Marco plans the routes of 14 delivery vans from a depot near Rotterdam, starting at "
            "5 am. When a driver calls in sick he re-plans by dragging stops between routes on the "
            "map, and drivers send him proof-of-delivery photos over WhatsApp."
        ),
        "goals": [
            "Re-plan routes quickly when a driver calls in sick",
            "Load all the day's stops without the planner freezing",
        ],
        "frustrations": ["The planner freezes when more than 300 stops are loaded"],
        "behaviours": [
            "Drags stops between routes on a map",
            "Collects delivery photos from drivers on WhatsApp",
        ],
        "quote": "Als de planner vastloopt om vijf uur, sta ik met lege handen.",
        "evidence": [
            ev("frustrations", "disp-01", "The planner freezes when more than 300 stops"),
            ev("behaviours", "disp-01", "drags stops between routes on a map"),
        ],
    },
    "care": {
        "source_ids": ["care-01"],
        "name": "Aisha Mohamed",
        "age": 36,
        "occupation": "Call centre agent",
        "location": "Toronto, Canada",
        "background": (
            "Aisha is a single parent of two who works rotating shifts at a call centre. She "
            "books drop-in childcare in the city's app the night before a shift and races for "
            "slots that are gone within minutes of opening at 8 pm."
        ),
        "goals": [
            "Join a waiting list that tells her when a slot frees up",
            "Book childcare in time for a late shift",
        ],
        "frustrations": ["Childcare slots fill up within minutes at 8 pm"],
        "behaviours": [
            "Books drop-in childcare the night before",
            "Pays with a card saved in the app",
        ],
        "quote": "By 8:05 every slot is gone and I'm refreshing like mad.",
        "evidence": [
            ev("frustrations", "care-01", "slots fill up within minutes at 8 pm"),
            ev("goals", "care-01", "a waiting list that notifies her when a slot frees"),
        ],
    },
    "acct": {
        "source_ids": ["acct-01"],
        "name": "Siobhán Murphy",
        "age": 44,
        "occupation": "Accountant, sole practitioner",
        "location": "Cork, Ireland",
        "background": (
            "Siobhán runs her own accounting practice with about 60 small-business clients. At "
            "each month-end she chases missing invoices by email and tracks who has sent what in "
            "a spreadsheet."
        ),
        "goals": [
            "Send automatic reminders that stop once a document arrives",
            "Receive readable receipts from clients",
        ],
        "frustrations": [
            "Client photos of receipts are often unreadable",
            "Spends the last week of every month chasing paperwork",
        ],
        "behaviours": [
            "Tracks missing documents in a spreadsheet",
            "Chases clients by email at month-end",
        ],
        "quote": "I spend the last week of every month chasing people for paper.",
        "evidence": [
            ev("goals", "acct-01", "automatic reminders that stop once the document arrives"),
            ev("frustrations", "acct-01", "photos of receipts that are often unreadable"),
        ],
    },
    "clinic": {
        "source_ids": ["clinic-01"],
        "name": "Jasmine Carter",
        "age": 27,
        "occupation": "Medical receptionist",
        "location": "Atlanta, Georgia",
        "background": (
            "Jasmine runs the front desk of a family clinic and books or moves about 80 "
            "appointments a day for three doctors. When a doctor runs late she phones the "
            "affected patients one by one."
        ),
        "goals": [
            "See all three doctors' calendars at once",
            "Tell patients about delays without phoning each one",
        ],
        "frustrations": [
            "The scheduler shows one doctor's calendar at a time",
            "Reminder texts sometimes show the wrong time",
        ],
        "behaviours": ["Phones patients one by one when a doctor runs late"],
        "quote": "I need to see all three calendars at once, that's it.",
        "evidence": [
            ev("frustrations", "clinic-01", "shows only one doctor's calendar at a time"),
            ev("behaviours", "clinic-01", "she phones patients one by one"),
        ],
    },
    "cafe": {
        "source_ids": ["cafe-01"],
        "name": "Inês Carvalho",
        "age": 39,
        "occupation": "Café owner",
        "location": "Lisbon, Portugal",
        "background": (
            "Inês owns a small café in Graça with two part-time staff. She closes the till on the "
            "POS tablet every night and sends the week's sales to her accountant on Fridays."
        ),
        "goals": [
            "Split a bill between card and cash in one go",
            "Print receipts in English for tourists",
        ],
        "frustrations": ["Staff have to ring a split bill up twice"],
        "behaviours": [
            "Closes the till on the tablet each night",
            "Exports sales to her accountant on Fridays",
        ],
        "quote": "Para mim, dividir a conta entre cartão e dinheiro é um pesadelo.",
        "evidence": [
            ev("frustrations", "cafe-01", "cannot split a bill between card and cash"),
            ev("behaviours", "cafe-01", "exports sales to her accountant on Fridays"),
        ],
    },
    "lab": {
        "source_ids": ["lab-01"],
        "name": "Anja Keller",
        "age": 35,
        "occupation": "Research scientist",
        "location": "Basel, Switzerland",
        "background": (
            "Anja registers about 200 samples a week in the lab's LIMS and prints their barcode "
            "labels. In audit weeks she exports each sample's history to PDF by hand."
        ),
        "goals": [
            "Export sample histories for an audit in one step",
            "Print labels without the queue jamming",
        ],
        "frustrations": ["The label printer jams when two people print at once"],
        "behaviours": ["Registers about 200 samples a week", "Exports histories to PDF by hand"],
        "quote": "In audit weeks I export the histories one PDF at a time.",
        "evidence": [
            ev("frustrations", "lab-01", "queue jams when two people print at once"),
            ev("behaviours", "lab-01", "Registers about 200 samples a week"),
        ],
    },
    "drv": {
        "source_ids": ["drv-01"],
        "name": "Kwame Asante",
        "age": 24,
        "occupation": "Parcel delivery driver",
        "location": "Birmingham, UK",
        "background": (
            "Kwame drives a courier van in Birmingham and makes about 130 drops a day, scanning "
            "and photographing each parcel in the driver app. By early afternoon the app has "
            "drained his phone."
        ),
        "goals": [
            "Keep his phone charged through the whole route",
            "Message customers before he arrives",
        ],
        "frustrations": ["The driver app drains his battery by early afternoon"],
        "behaviours": [
            "Scans and photographs every parcel",
            "Leaves a card when customers are out",
        ],
        "quote": "My phone's dead by two and I've still got forty drops.",
        "evidence": [
            ev("frustrations", "drv-01", "drains his phone battery by early afternoon"),
            ev("goals", "drv-01", "message them before he arrives"),
        ],
    },
    "hr": {
        "source_ids": ["hr-01"],
        "name": "Priya Raman",
        "age": 31,
        "occupation": "HR generalist",
        "location": "Austin, Texas",
        "background": (
            "Priya handles onboarding at a software company and re-types new hires' forms into "
            "the HR system."
        ),
        "goals": ["Have signed forms flow into the HR system", "Make onboarding smoother"],
        "frustrations": ["New hires start without a laptop"],
        "behaviours": ["Collects signed forms by email"],
        "quote": "Half of onboarding is me copying PDFs into fields.",
        "evidence": [ev("behaviours", "hr-01", "collects signed forms by email")],
    },
    "mus": {
        "source_ids": ["mus-01"],
        "name": "Jonas Richter",
        "age": 42,
        "occupation": "Freelance session bassist",
        "location": "Berlin, Germany",
        "background": (
            "Jonas plays bass on about ten recordings a month as a freelancer. He writes his "
            "invoices in a word processor, is paid in euros and sometimes pounds, and has to give "
            "his tax adviser a list of them every quarter."
        ),
        "goals": [
            "See at a glance which invoices are unpaid",
            "Hand his tax adviser a quarterly list without retyping",
        ],
        "frustrations": ["Forgets which invoices are still unpaid"],
        "behaviours": ["Writes invoices in a word processor", "Bills in euros and pounds"],
        "quote": "Ich weiß nie, welche Rechnungen noch offen sind.",
        "evidence": [
            ev("behaviours", "mus-01", "Writes invoices in a word processor"),
            ev("goals", "mus-01", "the tax adviser wants a list every quarter"),
        ],
    },
    "ins": {
        "source_ids": ["ins-01"],
        "name": "Verónica Salazar",
        "age": 48,
        "occupation": "Car insurance claims adjuster",
        "location": "Mexico City, Mexico",
        "background": (
            "Verónica visits four or five accident sites a day and fills each claim on a tablet. "
            "Photos upload only over Wi-Fi, so she finishes her files at home at night, and "
            "customers call her for updates."
        ),
        "goals": [
            "Upload claim photos from the accident site",
            "Give customers progress updates without a phone call",
        ],
        "frustrations": ["Photos upload only over Wi-Fi"],
        "behaviours": [
            "Finishes claim files at home at night",
            "Fills claim forms on a tablet at the site",
        ],
        "quote": "Termino mis expedientes en casa porque las fotos no suben.",
        "evidence": [
            ev("frustrations", "ins-01", "photos upload only over Wi-Fi"),
            ev("behaviours", "ins-01", "she finishes the files at night at home"),
        ],
    },
    "gym": {
        "source_ids": ["gym-01"],
        "name": "Carol Hughes",
        "age": 58,
        "occupation": "Leisure centre receptionist",
        "location": "Swansea, Wales",
        "background": (
            "Carol runs the front desk of a community leisure centre. Older members ring her "
            "instead of booking classes online, so she types their bookings in by hand."
        ),
        "goals": [
            "Help older members book classes without phoning",
            "Print class lists that are easy to read",
        ],
        "frustrations": ["Class lists print badly on the old printer"],
        "behaviours": ["Types phone bookings in by hand"],
        "quote": "Most of my calls are people who can't find the booking button.",
        "evidence": [ev("behaviours", "gym-01", "she types their bookings in by hand")],
    },
    "sales": {
        "source_ids": ["sales-01"],
        "name": "Ryan Kowalczyk",
        "age": 39,
        "occupation": "Regional sales manager, dental supplies",
        "location": "Columbus, Ohio",
        "background": (
            "Ryan covers 40 dental practices across Ohio and Kentucky for a supplies distributor. "
            "He logs each visit in the mobile CRM from his car between appointments and waits a "
            "month for his commission reports."
        ),
        "goals": [
            "Log a visit in the CRM in one or two taps",
            "See his commission without waiting a month",
        ],
        "frustrations": ["The mobile CRM needs six taps to log one visit"],
        "behaviours": [
            "Logs visits from his car between appointments",
            "Visits about eight practices a day",
        ],
        "quote": "Six taps to log a visit, eight visits a day: do the maths.",
        "evidence": [
            ev("frustrations", "sales-01", "needs six taps to log one visit"),
            ev("behaviours", "sales-01", "Logs visits in the CRM from his car"),
        ],
    },
}

GENERIC = {
    "goals": ["Use a simple and intuitive app", "Save time every day"],
    "frustrations": ["Apps that are too complicated"],
    "behaviours": ["Uses a smartphone every day"],
    "evidence": [],
}

# (id, base, label, reason, overrides): the base persona with the overrides applied.
RECORDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("bank", "bank", "excellent", "grounded in every field, first-person quote in German for Leipzig", {}),
    ("nurse", "nurse", "excellent", "specific, grounded, voice of the night-shift nurse", {}),
    ("farm", "farm", "excellent", "grounded and specific, French quote for a French farmer", {}),
    ("student", "student", "excellent", "grounded, specific, realistic name and Spanish quote", {}),
    ("retail", "retail", "good", "grounded but plain: one-sentence background, a generic goal, one citation", {}),
    ("pharm", "pharm", "excellent", "grounded, age and retirement agree with the source", {}),
    ("dev", "dev", "excellent", "specific and grounded, a real developer's voice", {}),
    ("teach", "teach", "good", "grounded but thin: one behaviour, one citation, a generic goal", {}),
    ("disp", "disp", "excellent", "grounded and specific, Dutch quote for Rotterdam", {}),
    ("care", "care", "excellent", "grounded, specific, vivid first-person quote", {}),
    ("acct", "acct", "excellent", "grounded in every field, clear first-person quote", {}),
    ("clinic", "clinic", "excellent", "grounded and specific, actionable goals", {}),
    ("cafe", "cafe", "excellent", "grounded, Portuguese quote for Lisbon, specific", {}),
    ("lab", "lab", "excellent", "grounded and specific lab workflow", {}),
    ("drv", "drv", "excellent", "grounded, specific, a driver's own words", {}),
    ("hr", "hr", "good", "grounded but plain: short background, one generic goal, one citation", {}),
    ("mus", "mus", "excellent", "grounded, German quote for Berlin, specific", {}),
    ("ins", "ins", "excellent", "grounded and specific, Spanish quote for Mexico City", {}),
    ("gym", "gym", "good", "grounded but short: one behaviour, one citation", {}),
    ("sales", "sales", "excellent", "grounded, specific numbers from the notes", {}),
    # ------------------------------------------------------------ good: plainer, thin evidence
    ("acct-plain", "acct", "good", "grounded but no evidence cited and lists kept short", {
        "name": "Niamh Gallagher", "evidence": [],
        "frustrations": ["Unreadable receipt photos"],
        "quote": "Month-end is me chasing invoices by email.",
    }),
    ("care-plain", "care", "good", "sound and grounded, one citation and a plainer background", {
        "name": "Fatima Haddad",
        "background": "Fatima works shifts at a call centre and books childcare for her two children the night before.",
        "evidence": [ev("frustrations", "care-01", "slots fill up within minutes")],
    }),
    ("disp-plain", "disp", "good", "grounded, but one goal is generic and evidence is thin", {
        "name": "Pieter Bakker",
        "goals": ["Re-plan routes when a driver is sick", "Work more efficiently"],
        "evidence": [ev("frustrations", "disp-01", "The planner freezes")],
    }),
    ("lab-plain", "lab", "good", "grounded but generic goals next to the specific ones", {
        "name": "Sophie Meier",
        "goals": ["Export audit histories faster", "Have better tools in the lab"],
    }),
    # ------------------------------------------------------------ placeholder names and tags
    ("bank-tag", "bank", "poor", "name is the anonymiser tag <PERSON>; the rest is grounded", {"name": "<PERSON>"}),
    ("nurse-user", "nurse", "poor", "name is a label (User 1), not a person's name", {"name": "User 1"}),
    ("dev-hash", "dev", "poor", "name is a hash tag copied from the source, not a name", {"name": "PERSON_3f2a9c1d7e8b4a60"}),
    ("lab-persona", "lab", "poor", "name is a label (Persona 4)", {"name": "Persona 4"}),
    ("hr-firstname", "hr", "poor", "name is the placeholder 'Firstname Lastname'", {"name": "Firstname Lastname"}),
    ("clinic-person", "clinic", "poor", "name is the bare tag PERSON", {"name": "PERSON"}),
    # ------------------------------------------------------------ no one's names
    ("retail-sales", "retail", "poor", "name 'Sales' is no one's name", {"name": "Sales"}),
    ("clinic-ateam", "clinic", "poor", "name 'A-Team' is no one's name", {"name": "A-Team"}),
    ("farm-premise", "farm", "poor", "name 'Premise 1' is no one's name, quote speaks of the persona", {
        "name": "Premise 1", "quote": "The person is a farmer who orders seed online.",
    }),
    ("mus-specter", "mus", "poor", "one-word name 'Specter' and a quote that is just the name", {
        "name": "Specter", "quote": "Specter",
    }),
    ("sales-title", "sales", "poor", "name is a job title ('Sales Manager'), not a person", {"name": "Sales Manager"}),
    # ------------------------------------------------------------ quotes that are not a sentence
    ("disp-namequote", "disp", "acceptable", "quote is just a first name, not a sentence", {
        "name": "Joost Visser", "quote": "Marco",
    }),
    ("nurse-fragment", "nurse", "acceptable", "quote is a fragment ('Night shift.')", {
        "name": "Hannah Price", "quote": "Night shift.",
    }),
    ("ins-number", "ins", "acceptable", "quote is a number fragment, not speech", {
        "name": "Gabriela Ortiz", "quote": ".0.15%",
    }),
    ("acct-thirdperson", "acct", "acceptable", "quote describes her in the third person", {
        "name": "Aoife Byrne", "quote": "She is an accountant who chases invoices.",
    }),
    # ------------------------------------------------------------ one-line backgrounds
    ("nurse-oneline", "nurse", "acceptable", "background is three words", {
        "name": "Grace Whitmore", "background": "Nurse on nights.",
    }),
    ("ins-oneline", "ins", "acceptable", "background is a single word", {
        "name": "Lorena Castillo", "background": "Adjuster.",
    }),
    ("cafe-twodefects", "cafe", "poor", "one-word background and a fragment quote: two minor defects", {
        "name": "Beatriz Lopes", "background": "Café owner.", "quote": "POS.",
    }),
    ("teach-thin", "teach", "poor", "one-line background and one-word goals", {
        "name": "Emma Nguyen", "background": "Maths teacher.", "goals": ["Speed", "Ease"],
    }),
    ("care-thin", "care", "poor", "thin background and a third-person quote", {
        "name": "Nadia Rahman", "background": "Works shifts.", "quote": "She books childcare the night before.",
    }),
    # ------------------------------------------------------------ self-contradictions
    ("farm-young", "farm", "poor", "aged 24 yet has farmed for 30 years; the source says 54", {
        "name": "Julien Moreau", "age": 24,
        "background": "Julien has farmed cereals for 30 years on 120 hectares and orders seed from the cooperative's portal on his phone.",
    }),
    ("student-old", "student", "poor", "a 68-year-old architecture student against a source aged 20", {
        "name": "Carmen Ruiz", "age": 68,
    }),
    ("pharm-young", "pharm", "poor", "retired at 34, against a 72-year-old source", {
        "name": "Luca Romano", "age": 34,
    }),
    ("clinic-head", "clinic", "poor", "head of operations at 23 with 15 years of experience", {
        "name": "Brianna Hayes", "age": 23, "occupation": "Head of clinic operations",
        "background": "Brianna has 15 years of experience running clinics and books about 80 appointments a day for three doctors.",
    }),
    ("disp-goalfrust", "disp", "poor", "the same item is both a goal and a frustration", {
        "name": "Sander Jansen",
        "frustrations": ["Re-plan routes quickly when a driver calls in sick"],
    }),
    ("bank-spanish", "bank", "acceptable", "lives in Leipzig but the quote is in Spanish", {
        "name": "Sabine Krüger", "quote": "La aplicación está bien, pero el código siempre llega tarde y no puedo pagar.",
    }),
    ("ins-german", "ins", "acceptable", "lives in Mexico City but the quote is in German", {
        "name": "Paola Mendoza", "quote": "Ich mache die Akten zu Hause fertig, weil die Fotos nicht hochladen.",
    }),
    ("lab-polish", "lab", "acceptable", "lives in Basel but the quote is in Polish", {
        "name": "Laura Brunner", "quote": "Nie mam czasu na to, że drukarka się zacina i jest bardzo wolna.",
    }),
    # ------------------------------------------------------------ invented details, stereotypes
    ("teach-invented", "teach", "poor", "YouTube fame and a textbook are invented; goals follow the invention", {
        "name": "Olivia Parker",
        "background": "Olivia runs a popular YouTube channel on algebra with 200,000 subscribers and is writing her third textbook while touring schools as a keynote speaker.",
        "goals": ["Grow her YouTube channel to a million subscribers", "Sign a deal for her next textbook"],
        "frustrations": ["Sponsors pay late for her videos"],
        "behaviours": ["Films videos every evening in her home studio"],
        "evidence": [],
    }),
    ("drv-invented", "drv", "poor", "ex-footballer, three houses and a Tesla are invented", {
        "name": "Marcus Reid",
        "background": "Marcus is a former professional footballer who owns three houses and drives a Tesla on weekends; he delivers parcels for fun.",
        "goals": ["Buy a fourth house by the sea", "Start a football academy"],
        "frustrations": ["His agent never returns calls"],
        "behaviours": ["Trains at the gym every morning"],
        "evidence": [],
    }),
    ("pharm-stereotype", "pharm", "poor", "age stereotype replaces the research, which says he uses the app", {
        "name": "Franco Ricci",
        "background": "Like most old people, Franco is scared of technology and does not understand apps; he would rather have everything on paper.",
        "goals": ["Avoid technology altogether", "Have someone else do everything for him"],
        "frustrations": ["Technology is too confusing for people his age"],
        "behaviours": ["Refuses to use smartphones"],
        "evidence": [],
    }),
    ("care-stereotype", "care", "poor", "'busy mom who loves yoga and coffee' stereotype, invented hobbies", {
        "name": "Sarah Johnson",
        "background": "Sarah is a typical busy mom who loves her kids, yoga and lattes. Like all moms she never has a moment for herself.",
        "goals": ["Find time for yoga", "Drink her coffee while it is still hot"],
        "frustrations": ["Never having a moment for herself"],
        "behaviours": ["Posts about her kids on Instagram"],
        "evidence": [],
    }),
    # ------------------------------------------------------------ generic but coherent
    ("cafe-generic", "cafe", "acceptable", "coherent but generic: nothing from the research", {
        "name": "Ana Costa", **GENERIC,
        "background": "Ana owns a café in Lisbon and wants her business to run smoothly so that she can focus on her customers.",
        "quote": "I just want things to work.",
    }),
    ("student-generic", "student", "acceptable", "coherent student but generic, hardly from the sources", {
        "name": "Marta Gil", **GENERIC,
        "background": "Marta studies at university and likes apps that help her organise her studies and her social life.",
        "quote": "I want an app that makes studying easier.",
    }),
    ("sales-generic", "sales", "acceptable", "coherent salesperson, generic goals not from the notes", {
        "name": "Kevin Doyle", **GENERIC,
        "background": "Kevin works in sales and is always on the road, meeting clients and trying to hit his targets each quarter.",
        "quote": "I need tools that keep up with me.",
    }),
    ("gym-generic", "gym", "acceptable", "generic but plausible receptionist, little from the sources", {
        "name": "Linda Evans", **GENERIC,
        "background": "Linda works at the front desk of a leisure centre and helps members with whatever they need during the day.",
        "quote": "I like helping people with their bookings.",
    }),
    # ------------------------------------------------------------ copies of a source
    ("nurse-copy", "nurse", "poor", "background copies a long sentence of the notes word for word", {
        "name": "Megan Lloyd",
        "background": "Checks the rota app on her break at 3 am and swaps shifts with colleagues through a WhatsApp group because the app's swap request needs a manager's approval that takes days.",
    }),
    ("acct-copy", "acct", "poor", "quote is a long verbatim sentence of the notes, not her voice", {
        "name": "Ciara Walsh",
        "quote": "Chases clients for missing invoices every month-end by email and keeps a spreadsheet of who has sent what.",
    }),
    ("retail-copy", "retail", "poor", "background and frustration copy the notes verbatim", {
        "name": "Terrell Jackson",
        "background": "Does the stock count every Monday before opening with a handheld scanner; the scanner app crashes when the batch passes about 500 items, and the count has to start again.",
        "frustrations": ["the scanner app crashes when the batch passes about 500 items, and the count has to start again"],
    }),
    # ------------------------------------------------------------ near duplicates
    ("dev-dup", "dev", "poor", "near copy of the Tomasz Wójcik persona with the name changed", {
        "name": "Tomek Nowak", "duplicate_of": "dev",
    }),
    ("drv-dup", "drv", "poor", "near copy of the Kwame Asante persona, one word changed", {
        "name": "Kofi Mensah", "duplicate_of": "drv",
        "quote": "My phone's dead by three and I've still got forty drops.",
    }),
    ("farm-dup", "farm", "poor", "near copy of the Bernard Lefèvre persona", {
        "name": "Alain Dubois", "duplicate_of": "farm", "age": 55,
    }),
    # ------------------------------------------------------------ failing: junk everywhere
    ("demo-person", "retail", "failing", "tag name, quote '.0.15%', background 'A-Team': junk in the key fields", {
        "name": "PERSON", "quote": ".0.15%", "background": "A-Team",
        "goals": ["Sales"], "frustrations": ["N/A"], "behaviours": ["Work"], "evidence": [],
    }),
    ("demo-premise", "sales", "failing", "not a name, third-person quote, one-word background and goals", {
        "name": "Premise 1", "quote": "The person is a sales manager.", "background": "Sales manager.",
        "goals": ["Sales"], "frustrations": ["Taps"], "behaviours": ["CRM"], "evidence": [],
    }),
    ("hr-junk", "hr", "failing", "filler in every field", {
        "name": "HR", "occupation": "string", "location": "N/A", "background": "N/A",
        "goals": ["..."], "frustrations": ["N/A"], "behaviours": ["none"], "quote": "N/A", "evidence": [],
    }),
    ("random-words", "gym", "failing", "random words in every field, as from a broken model", {
        "name": "quibble zephyr", "age": 97, "occupation": "lorem",
        "location": "blorp", "background": "zephyr quibble mango",
        "goals": ["mango mango mango mango"], "frustrations": ["zx"], "behaviours": ["qq"],
        "quote": "zzz", "evidence": [ev("goals", "gym-01", "quantum banana")],
    }),
    ("tags-everywhere", "bank", "failing", "tags in name, background and quote; copied tag text", {
        "name": "<PERSON>", "background": "<PERSON> works at <LOCATION> and emails <EMAIL_ADDRESS>.",
        "quote": "<PERSON> says hi.", "goals": ["<PERSON>"], "evidence": [],
    }),
    ("dev-specter", "dev", "failing", "one-word name, name as quote, one-word background, trivial lists", {
        "name": "Specter", "quote": "Specter", "background": "Developer.",
        "goals": ["Tests"], "frustrations": ["Flaky"], "behaviours": ["Reruns"], "evidence": [],
    }),
]  # fmt: skip


# Written after the score was tuned on the records above, with sources and people it never saw,
# and labelled from the rubric before they were scored: the evaluation reports them apart.
UNSEEN_SOURCES: dict[str, str] = {
    "vet-01": (
        "country: NZ\nage: 45\ninterview_notes: Runs a two-vet practice in <LOCATION> on the "
        "South Island. Farmers text photos of lame cattle to the practice phone and she triages "
        "them between surgeries. The practice software cannot attach photos to an animal's "
        "record, so she saves them on her own phone. Invoices go out at month end on paper.\n"
        "survey_answer: Half my diagnosis happens on my phone and none of it lands in the record."
    ),
    "gov-01": (
        "country: FR\nage: 61\ninterview_notes: Works at the town hall of a small commune, "
        "handling civil registry requests. Citizens email scanned forms to <EMAIL_ADDRESS>; she "
        "re-keys them into the national portal, which times out after 15 minutes. Has 38 years "
        "in the public service and will retire in two years.\n"
        "survey_answer: Le portail me déconnecte au milieu d'un dossier."
    ),
    "game-01": (
        "country: US\nage: 17\ninterview_notes: High-school student in <LOCATION> who streams "
        "games on weekends and edits clips on a laptop. Uses a free video editor; export takes "
        "forty minutes for a ten-minute clip. Parent <PERSON> pays for the internet plan.\n"
        "survey_answer: I'd edit way more if export didn't take forever."
    ),
    "chef-01": (
        "country: IT\nage: 50\ninterview_notes: Head chef of a 60-cover trattoria in Naples. "
        "Orders fish from three suppliers by WhatsApp voice notes at 6 am and copies the totals "
        "into a notebook. Food cost is checked monthly by the owner PERSON_9a1c44e0b2d3f871.\n"
        "survey_answer: Ogni mattina faccio gli ordini a voce e poi li ricopio a mano."
    ),
    "ngo-01": (
        "country: PL\nage: 28\ninterview_notes: Volunteer coordinator at a food bank in Gdańsk. "
        "Schedules about 90 volunteers a week in a shared spreadsheet; no-shows are common on "
        "Saturdays and she fills gaps by phoning people. Wants automatic reminders by SMS.\n"
        "survey_answer: Co sobotę dzwonię do ludzi, bo ktoś nie przyszedł."
    ),
}

_VET = {
    "source_ids": ["vet-01"],
    "name": "Kate Sullivan",
    "age": 45,
    "occupation": "Veterinarian and practice owner",
    "location": "Timaru, New Zealand",
    "background": "Kate runs a two-vet practice on the South Island. Farmers text her photos of lame cattle, which she triages between surgeries and keeps on her own phone because the practice software cannot attach them to an animal's record.",
    "goals": [
        "Attach farmers' photos to the animal's record",
        "Send invoices without printing them at month end",
    ],
    "frustrations": ["The practice software cannot attach photos to a record"],
    "behaviours": [
        "Triages photos of lame cattle between surgeries",
        "Keeps case photos on her own phone",
    ],
    "quote": "Half of my diagnosing happens on my phone, and none of it reaches the record.",
    "evidence": [
        ev("frustrations", "vet-01", "cannot attach photos to an animal's record"),
        ev("behaviours", "vet-01", "she triages them between surgeries"),
    ],
}
_GOV = {
    "source_ids": ["gov-01"],
    "name": "Martine Girard",
    "age": 61,
    "occupation": "Civil registry officer",
    "location": "Auxerre, France",
    "background": "Martine handles civil registry requests at the town hall of a small commune, after 38 years in the public service. Citizens email her scanned forms, which she re-keys into a national portal that logs her out after a quarter of an hour.",
    "goals": [
        "Finish a registry file before the portal times out",
        "Import scanned forms without re-keying them",
    ],
    "frustrations": ["The national portal times out after 15 minutes"],
    "behaviours": ["Re-keys emailed forms into the national portal"],
    "quote": "Le portail me déconnecte au beau milieu de mon dossier.",
    "evidence": [
        ev("frustrations", "gov-01", "times out after 15 minutes"),
        ev("behaviours", "gov-01", "she re-keys them into the national portal"),
    ],
}
_GAME = {
    "source_ids": ["game-01"],
    "name": "Tyler Brooks",
    "age": 17,
    "occupation": "High-school student and weekend streamer",
    "location": "Phoenix, Arizona",
    "background": "Tyler streams games at weekends and edits clips of his streams on a laptop with a free video editor. A ten-minute clip takes forty minutes to export, so he edits far less than he would like.",
    "goals": ["Export a ten-minute clip in a few minutes", "Edit more clips each weekend"],
    "frustrations": ["Export takes forty minutes for a ten-minute clip"],
    "behaviours": ["Streams games on weekends", "Edits clips with a free video editor"],
    "quote": "I'd edit way more clips if exporting didn't take forever.",
    "evidence": [
        ev("frustrations", "game-01", "export takes forty minutes"),
        ev("behaviours", "game-01", "streams games on weekends"),
    ],
}
_CHEF = {
    "source_ids": ["chef-01"],
    "name": "Salvatore Esposito",
    "age": 50,
    "occupation": "Head chef",
    "location": "Naples, Italy",
    "background": "Salvatore runs the kitchen of a 60-cover trattoria. At 6 am he orders fish from three suppliers by WhatsApp voice notes, then copies the totals into a notebook for the owner's monthly food-cost check.",
    "goals": [
        "Send the morning fish orders without copying totals by hand",
        "Know the food cost before the month ends",
    ],
    "frustrations": ["Copies every order total into a notebook by hand"],
    "behaviours": [
        "Orders fish by WhatsApp voice notes at 6 am",
        "Keeps order totals in a notebook",
    ],
    "quote": "Ogni mattina faccio gli ordini a voce e poi li ricopio tutti a mano.",
    "evidence": [
        ev("behaviours", "chef-01", "Orders fish from three suppliers by WhatsApp voice notes"),
        ev("frustrations", "chef-01", "copies the totals into a notebook"),
    ],
}
_NGO = {
    "source_ids": ["ngo-01"],
    "name": "Agnieszka Zielińska",
    "age": 28,
    "occupation": "Volunteer coordinator at a food bank",
    "location": "Gdańsk, Poland",
    "background": "Agnieszka schedules about 90 volunteers a week in a shared spreadsheet. Saturdays bring the most no-shows, and she fills the gaps by phoning people one after another.",
    "goals": [
        "Send volunteers automatic SMS reminders",
        "Fill Saturday gaps without phoning around",
    ],
    "frustrations": ["No-shows are common on Saturdays"],
    "behaviours": ["Schedules volunteers in a shared spreadsheet", "Phones people to fill gaps"],
    "quote": "Co sobotę dzwonię do ludzi, bo ktoś znowu nie przyszedł na zmianę.",
    "evidence": [
        ev("behaviours", "ngo-01", "Schedules about 90 volunteers a week in a shared spreadsheet"),
        ev("goals", "ngo-01", "Wants automatic reminders by SMS"),
    ],
}
UNSEEN_BASES = {"vet": _VET, "gov": _GOV, "game": _GAME, "chef": _CHEF, "ngo": _NGO}
UNSEEN: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("u-vet", "vet", "excellent", "grounded and specific, her own first-person words", {}),
    ("u-vet-title", "vet", "poor", "name 'Vet' is no one's name", {"name": "Vet"}),
    ("u-vet-generic", "vet", "acceptable", "coherent but generic: nothing from the research", {
        "name": "Emily Clarke", "background": "Emily is a vet who loves animals and works hard every day to help them.",
        "goals": ["Have better software", "Help more animals"], "frustrations": ["Too much paperwork"],
        "behaviours": ["Works long hours"], "quote": "I love animals.", "evidence": [],
    }),
    ("u-vet-plain", "vet", "good", "grounded but plainer, one citation", {
        "name": "Rachel Hart", "background": "Rachel is a vet who triages farmers' photos of lame cattle between surgeries.",
        "evidence": [ev("frustrations", "vet-01", "cannot attach photos")],
    }),
    ("u-gov", "gov", "excellent", "grounded, French quote, age and career agree with the source", {}),
    ("u-gov-young", "gov", "poor", "aged 41 with 38 years in the public service, the source says 61", {
        "name": "Nathalie Roux", "age": 41,
    }),
    ("u-gov-copy", "gov", "poor", "a behaviour pastes a long stretch of the notes", {
        "name": "Sylvie Bernard",
        "behaviours": ["Citizens email scanned forms to the town hall; she re-keys them into the national portal, which times out after 15 minutes"],
    }),
    ("u-gov-tag", "gov", "poor", "the background still holds an anonymiser tag", {
        "name": "Monique Faure",
        "background": "<PERSON> handles civil registry requests at the town hall and re-keys emailed forms into the national portal, which logs her out after a quarter of an hour.",
    }),
    ("u-game", "game", "good", "grounded, a teenager's voice; age 17 matches the source", {}),
    ("u-game-stereotype", "game", "poor", "Gen Z stereotype and invented habits in place of the research", {
        "name": "Jayden Miller",
        "background": "As a typical Gen Z kid, Jayden lives on TikTok, has the attention span of a goldfish and cannot focus on anything for more than a minute.",
        "goals": ["Go viral on TikTok", "Become famous overnight"], "frustrations": ["Anything that takes effort"],
        "behaviours": ["Scrolls TikTok all night"], "evidence": [],
    }),
    ("u-chef", "chef", "excellent", "grounded and specific, Italian quote in his voice", {}),
    ("u-chef-tag", "chef", "poor", "name is the placeholder [NAME]", {"name": "[NAME]"}),
    ("u-chef-thin", "chef", "poor", "one-line background and a one-word quote", {
        "name": "Gennaro Russo", "background": "Chef in Naples.", "quote": "Fish.",
    }),
    ("u-ngo", "ngo", "excellent", "grounded, specific, Polish quote in her voice", {}),
    ("u-ngo-english", "ngo", "good", "grounded; an English quote for a Polish persona reads as a translation", {
        "name": "Katarzyna Lewandowska", "quote": "Every Saturday I'm on the phone because someone didn't turn up again.",
    }),
    ("u-ngo-dup", "ngo", "poor", "near copy of the Agnieszka Zielińska persona", {
        "name": "Magdalena Wiśniewska", "duplicate_of": "u-ngo",
    }),
    ("u-ngo-invented", "ngo", "poor", "an award, marathons and a restaurant plan are invented", {
        "name": "Joanna Kamińska",
        "background": "Joanna won a national volunteering award, runs a marathon every month and plans to open a vegan restaurant in Warsaw next spring.",
        "goals": ["Open her restaurant in Warsaw", "Run the Berlin marathon under four hours"],
        "frustrations": ["Restaurant rents are too high"], "behaviours": ["Trains at 5 am every day"], "evidence": [],
    }),
    ("u-ngo-devserver", "ngo", "failing", "a word for a name, a third-person quote, one-word fields", {
        "name": "Volunteer", "occupation": "Volunteer", "background": "Volunteer coordinator.",
        "goals": ["Volunteers"], "frustrations": ["Saturdays"], "behaviours": ["Spreadsheet"],
        "quote": "The volunteer coordinator schedules volunteers.", "evidence": [],
    }),
]  # fmt: skip


def records() -> list[dict[str, Any]]:
    out = []
    tagged = [(r, False) for r in RECORDS] + [(r, True) for r in UNSEEN]
    for (rid, base, label, reason, overrides), unseen in tagged:
        body = dict((UNSEEN_BASES if unseen else BASES)[base])
        extra = dict(overrides)
        duplicate_of = extra.pop("duplicate_of", None)
        body.update(extra)
        used = {sid: (SOURCES | UNSEEN_SOURCES)[sid] for sid in body["source_ids"]}
        record: dict[str, Any] = {"id": rid, "label": label, "reason": reason}
        if unseen:
            record["unseen"] = True
        if duplicate_of is not None:
            record["duplicate_of"] = duplicate_of
        record["sources"] = used
        record["persona"] = body
        out.append(record)
    return out


def check(rows: list[dict[str, Any]]) -> None:
    """The set is well formed: unique ids, known labels, personas that fit the schema."""
    from persona_batch.core.persona import Persona

    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate record ids"
    for r in rows:
        assert r["label"] in ("excellent", "good", "acceptable", "poor", "failing"), r["id"]
        assert r.get("duplicate_of") in (None, *ids[: ids.index(r["id"])]), r["id"]
        persona = {k: v for k, v in r["persona"].items() if k != "source_ids"}
        Persona.model_validate(persona)


def main() -> int:
    rows = records()
    check(rows)
    target = HERE / "personas.jsonl"
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    tmp = target.with_suffix(".jsonl.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"{target}: {len(rows)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
