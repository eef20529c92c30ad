#!/usr/bin/env python3
"""Scores title, author and publication date against a ground truth that has them (WCXB).

    metadata.py GROUND_TRUTH.json claimwatch.json [trafilatura-meta.json]

GROUND_TRUTH.json maps id -> {"title", "author", "publish_date", ...}. claimwatch.json is
the eval_extraction example's output ("title", "byline", "published_at" in Unix ms UTC);
trafilatura-meta.json is trafilatura_meta.py's output ("title", "author", "date").

Comparison rules (the same for every system):
  title   equal after normalisation: Unicode NFKC, case folded, typographic quotes and
          dashes made plain, whitespace collapsed, punctuation at both ends stripped.
  author  word tokens (\\w+, lower-cased, without "by" and "and") overlap both ways: at least
          half of the true tokens are predicted and at least half of the predicted tokens
          are true ("Jane Doe" matches "By Jane Doe, Staff Writer"; not "Staff").
  date    the same calendar day (YYYY-MM-DD; claimwatch's UTC timestamp taken as its UTC day).

Per field: "acc" is over all pages (a page without a true value counts as right when the
system gives none, wrong when it gives one); "found" is right answers among pages with a
true value; "spurious" is values given on pages without one.
"""
import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

_WORD = re.compile(r"\w+", re.UNICODE)
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "\u00a0": " "})
_STOP = {"by", "and"}


def load(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and set(data) == {"version", "output"}:
        data = data["output"]
    return data


def norm_title(t):
    t = unicodedata.normalize("NFKC", t).casefold().translate(_PLAIN)
    t = " ".join(t.split())
    return t.strip(" \t\"'.,:;!?-|()[]")


def author_tokens(a):
    return {w for w in _WORD.findall(unicodedata.normalize("NFKC", a).casefold())
            if w not in _STOP}


def day(value):
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value / 1000, datetime.timezone.utc).strftime(
            "%Y-%m-%d")
    m = re.match(r"\d{4}-\d{2}-\d{2}", str(value).strip())
    return m.group(0) if m else None


def same_title(t, p):
    return norm_title(t) == norm_title(p)


def same_author(t, p):
    tt, pt = author_tokens(t), author_tokens(p)
    if not tt or not pt:
        return False
    common = len(tt & pt)
    return common * 2 >= len(tt) and common * 2 >= len(pt)


def same_day(t, p):
    return day(t) is not None and day(t) == day(p)


FIELDS = [
    # field, ground-truth key, rule, normaliser of an empty value
    ("title", "title", same_title, lambda v: v if v and norm_title(v) else None),
    ("author", "author", same_author, lambda v: v if v and author_tokens(v) else None),
    ("date", "publish_date", same_day, lambda v: v if day(v) else None),
]


def score(gt, pred, keys):
    """keys: field -> key of that field in pred."""
    out = {}
    for field, gt_key, rule, present in FIELDS:
        right = found = with_value = spurious = 0
        for doc, truth in gt.items():
            t = present((truth or {}).get(gt_key))
            p = present((pred.get(doc) or {}).get(keys[field]))
            if t is None:
                right += p is None
                spurious += p is not None
            else:
                with_value += 1
                ok = p is not None and rule(t, p)
                right += ok
                found += ok
        n = len(gt)
        out[field] = {"acc": right / n if n else 0.0, "found": found, "with_value": with_value,
                      "spurious": spurious, "without_value": n - with_value}
    return out


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    gt = load(argv[0])
    systems = [("claimwatch", load(argv[1]),
                {"title": "title", "author": "byline", "date": "published_at"})]
    if len(argv) == 3:
        systems.append(("trafilatura-py", load(argv[2]),
                        {"title": "title", "author": "author", "date": "date"}))
    print(f"metadata on {len(gt)} pages: acc over all pages; found = right among pages with a "
          "true value; spurious = given where there is none")
    print(f"{'system':<18}" + "".join(f"{f:>28}" for f, *_ in FIELDS))
    print(f"{'':<18}" + "".join(f"{'acc':>8}{'found':>10}{'spurious':>10}" for _ in FIELDS))
    results = {}
    for name, pred, keys in systems:
        r = score(gt, pred, keys)
        results[name] = r
        cells = "".join(
            f"{r[f]['acc']:>8.3f}{r[f]['found']:>5}/{r[f]['with_value']:<4}"
            f"{r[f]['spurious']:>5}/{r[f]['without_value']:<4}" for f, *_ in FIELDS)
        print(f"{name:<18}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
