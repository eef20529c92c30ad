#!/usr/bin/env python3
"""Validate the topic evaluation set in bench/topics and print its counts.

Checks: every file in items/ is labelled exactly once and every label points to an existing
file; labels name only topics defined in topics.toml; file names follow NNN-<lang>-<slug>.html|.txt|.page
and agree with `lang`; the article text (title and body) is 120-350 words; the set has at least
84 items, 10 subjects, 6 languages, a third near misses; every subject has at least 4 positives
and 3 near misses; every language has positives and near misses; an item relevant to no topic is
a near miss of some topic; no topic is both relevant and near miss for one item.

With --fresh, checks the fresh set in bench/topics/fresh instead (its topics are those of both
topics.toml files; it has its own minimums: 15 positives, 30 near misses, the two new subjects
with 4 positives and 4 near misses each, several languages; no word-count or per-subject
minimums for the old subjects).

Usage: python3 bench/topics/check.py [--fresh [fresh|fresh2|fresh3|fresh4|fresh5...]]   (exit status 1 on any problem)
Python 3.11+ standard library only.
"""
import collections
import html.parser
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent
NAME = re.compile(r"^(\d{3,4})-([a-z]{2})-[a-z0-9-]+\.(html|txt|page)$")
MIN_ITEMS, MIN_SUBJECTS, MIN_LANGS = 84, 10, 6
REQUIRED_LANGS = {"en", "ru", "uk", "de", "fr", "es"}
MIN_WORDS, MAX_WORDS = 120, 350


class ArticleText(html.parser.HTMLParser):
    """Text of the <h1> and of the element marked itemprop="articleBody"."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack, self.depth_body, self.in_h1 = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        self.stack.append(tag)
        a = dict(attrs)
        if self.depth_body is None and a.get("itemprop") == "articleBody":
            self.depth_body = len(self.stack)
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        if self.depth_body is not None and len(self.stack) == self.depth_body:
            self.depth_body = -1  # done
        if tag == "h1":
            self.in_h1 = False
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_h1 or (self.depth_body is not None and self.depth_body > 0):
            self.parts.append(data)


def article_words(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".page":
        header, sep, text = text.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
        if not sep or "site" not in fields:
            return None
    elif path.suffix == ".html":
        p = ArticleText()
        p.feed(text)
        if p.depth_body is None:
            return None
        text = " ".join(p.parts)
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def topic_ids(path):
    return {t["id"] for t in tomllib.loads(path.read_text())["topic"]}


def main():
    if sys.argv[1:2] == ["--fresh"] and len(sys.argv) <= 3:
        return check_fresh(ROOT / (sys.argv[2] if len(sys.argv) == 3 else "fresh"))
    topics = topic_ids(ROOT / "topics.toml")
    tomllib.loads((ROOT / "entities.toml").read_text())
    items = tomllib.loads((ROOT / "labels.toml").read_text())["item"]
    files = {p.name for p in (ROOT / "items").iterdir() if p.is_file()}
    problems = label_problems(items, files, topics)

    per_subject = collections.defaultdict(lambda: [0, 0, 0])  # items, positives, near misses
    per_lang = collections.defaultdict(lambda: [0, 0, 0])
    per_ext = collections.Counter()
    n_near = 0
    words = []
    numbers = collections.Counter()
    for it in items:
        f = it["file"]
        m = NAME.match(f)
        if not m:
            continue
        numbers[m.group(1)] += 1
        per_ext[m.group(3)] += 1
        subj = it.get("subject")
        rel, near = it.get("relevant", []), it.get("near_miss", [])
        if not rel and not near:
            problems.append(f"{f}: relevant to no topic and near miss of none")
        pos_subj = subj in rel
        per_subject[subj][0] += 1
        per_subject[subj][1 if pos_subj else 2] += 1
        per_lang[m.group(2)][0] += 1
        per_lang[m.group(2)][1 if pos_subj else 2] += 1
        if not pos_subj:
            n_near += 1
        if f in files:
            w = article_words(ROOT / "items" / f)
            if w is None:
                problems.append(f"{f}: no article text (an .html item needs an itemprop=articleBody element, a .page item a header naming its site)")
            else:
                words.append(w)
                if not MIN_WORDS <= w <= MAX_WORDS:
                    problems.append(f"{f}: {w} words of article text (want {MIN_WORDS}-{MAX_WORDS})")
    for n, c in numbers.items():
        if c > 1:
            problems.append(f"number {n} used {c} times")

    if len(items) < MIN_ITEMS:
        problems.append(f"{len(items)} items, want at least {MIN_ITEMS}")
    if len(per_subject) < MIN_SUBJECTS:
        problems.append(f"{len(per_subject)} subjects, want at least {MIN_SUBJECTS}")
    if missing := REQUIRED_LANGS - set(per_lang):
        problems.append(f"languages missing: {sorted(missing)}")
    if len(per_lang) < MIN_LANGS:
        problems.append(f"{len(per_lang)} languages, want at least {MIN_LANGS}")
    if n_near * 3 < len(items):
        problems.append(f"{n_near} near misses of {len(items)} items, want at least a third")
    for s, (n, p, nm) in per_subject.items():
        if p < 4 or nm < 3:
            problems.append(f"subject {s}: {p} positives, {nm} near misses (want >= 4 and >= 3)")
    for lang, (n, p, nm) in per_lang.items():
        if p < 1 or nm < 1:
            problems.append(f"language {lang}: {p} positives, {nm} near misses (want both)")
    for t in topics - set(per_subject):
        problems.append(f"topic {t} has no items")

    print(f"items: {len(items)}  (page {per_ext['page']}, html {per_ext['html']}, txt {per_ext['txt']})")
    print(f"near misses of their subject: {n_near} ({100 * n_near / max(1, len(items)):.0f} %)")
    if words:
        print(f"article words: min {min(words)}, median {sorted(words)[len(words) // 2]}, max {max(words)}")
    print(f"\n{'subject':<26}{'items':>6}{'pos':>5}{'near':>6}")
    for s in sorted(per_subject):
        n, p, nm = per_subject[s]
        print(f"{s:<26}{n:>6}{p:>5}{nm:>6}")
    print(f"\n{'lang':<6}{'items':>6}{'pos':>5}{'near':>6}")
    for lang in sorted(per_lang):
        n, p, nm = per_lang[lang]
        print(f"{lang:<6}{n:>6}{p:>5}{nm:>6}")
    rel_any = sum(1 for i in items if i.get("relevant"))
    print(f"\nitems relevant to some topic: {rel_any}; relevant to none: {len(items) - rel_any}")
    cross = [i["file"] for i in items if set(i.get("relevant", [])) - {i["subject"]}
             or set(i.get("near_miss", [])) - {i["subject"]}]
    print(f"items labelled for a topic other than their subject: {len(cross)}")
    return report(problems)


def report(problems):
    """Print the problems (or OK); the exit status."""
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nOK")
    return 0


def label_problems(items, files, topics):
    """Problems of the labels themselves, shared by both sets' checks."""
    problems = []
    seen = collections.Counter(i["file"] for i in items)
    for f, n in seen.items():
        if n > 1:
            problems.append(f"{f}: labelled {n} times")
    for f in sorted(files - set(seen)):
        problems.append(f"{f}: not labelled")
    for f in sorted(set(seen) - files):
        problems.append(f"{f}: labelled but missing from items/")
    for it in items:
        f = it["file"]
        m = NAME.match(f)
        if not m:
            problems.append(f"{f}: name is not NNN-<lang>-<slug>.html|.txt|.page")
            continue
        if it.get("lang") != m.group(2):
            problems.append(f"{f}: lang {it.get('lang')!r} disagrees with the file name")
        subj, rel, near = it.get("subject"), it.get("relevant", []), it.get("near_miss", [])
        for t in [subj, *rel, *near]:
            if t not in topics:
                problems.append(f"{f}: unknown topic {t!r}")
        if set(rel) & set(near):
            problems.append(f"{f}: {sorted(set(rel) & set(near))} both relevant and near miss")
        if subj not in rel and subj not in near:
            problems.append(f"{f}: subject {subj} is neither relevant nor near miss")
    return problems


def check_fresh(root):
    """A fresh set: labels consistent (with the topics of every set), numbers not reused from
    another set, minimums met."""
    sets = [ROOT] + sorted(d for d in ROOT.glob("fresh*") if (d / "labels.toml").is_file())
    topics = set().union(*(topic_ids(d / "topics.toml") for d in sets if (d / "topics.toml").is_file()))
    new_topics = topic_ids(root / "topics.toml")
    items = tomllib.loads((root / "labels.toml").read_text())["item"]
    files = {p.name for p in (root / "items").iterdir() if p.is_file()}
    problems = label_problems(items, files, topics)
    old_numbers = {p.name.split("-")[0] for d in sets if d != root for p in (d / "items").iterdir()}
    numbers = collections.Counter(i["file"].split("-")[0] for i in items)
    for n, c in numbers.items():
        if c > 1 or n in old_numbers:
            problems.append(f"number {n} used twice (here or in another set)")
    pos = sum(len(i.get("relevant", [])) for i in items)
    near = sum(len(i.get("near_miss", [])) for i in items)
    langs = collections.Counter(i["lang"] for i in items)
    # Every set: at least a third of its items' worth of near-miss labels (issue 10, item 8).
    min_near = len(items) // 3
    if pos < 15 or near < min_near:
        problems.append(f"{pos} relevant labels and {near} near misses (want >= 15 and >= {min_near})")
    for t in sorted(new_topics):
        p = sum(t in i.get("relevant", []) for i in items)
        nm = sum(t in i.get("near_miss", []) for i in items)
        if p < 4 or nm < 4:
            problems.append(f"new subject {t}: {p} positives, {nm} near misses (want >= 4 each)")
    if len(langs) < 6:
        problems.append(f"{len(langs)} languages, want at least 6")
    print(f"items: {len(items)}; relevant labels {pos}, near-miss labels {near}")
    print("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    return report(problems)


if __name__ == "__main__":
    sys.exit(main())
