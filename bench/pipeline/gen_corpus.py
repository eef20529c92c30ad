#!/usr/bin/env python3
"""Generate the pipeline benchmark's corpus: N news-like HTML pages of 5-10 KB each.

usage: gen_corpus.py OUT_DIR N [--on-topic-every K] [--seed S]

Every page has the boilerplate of a news site (head metadata, navigation, related links,
footer) around an article of 7-11 paragraphs of generated prose with attributed statements,
hedges, dates and place and country names. One page in K (default 33, about 3 %) reports
North Korean workers sent to Russia, which the benchmark's watch topic
(bench/pipeline/watch.toml) matches. Every page is its own story: the sentences are built from
many random slots, so no two pages share enough word 3-shingles to be taken for copies.

Prints one JSON line: {"articles": N, "on_topic": M, "bytes": B}. Deterministic for a seed.
Everything here is written for this project (no third-party text).
"""
import argparse
import json
import os
import random
import sys

FIRST = """Anna Boris Clara Dmitri Elena Farid Greta Hassan Ines Jonas Kira Lukas Maria Nikolai
Olga Pavel Rosa Samir Tamara Viktor Yuna Zoran Agnes Bruno Celine Daniel Emil Freya Goran Hana
Igor Julia Karim Lena Marek Nadia Oskar Petra Rania Stefan Talia Ulrich Vera Wanda Yusuf""".split()
LAST = """Abel Brandt Castillo Dorn Eriksen Falk Grigoryan Holm Ivanova Jansen Kovac Lindqvist
Moreau Novak Okafor Petrov Quinn Rahman Sato Tanaka Urban Vogel Weiss Yilmaz Zielinski Adler
Berger Costa Dietrich Engel Fischer Gallo Haas Ito Jovanovic Keller Lang Meyer Nagy Otto""".split()
ROLE = """spokesperson director minister mayor chairman analyst economist governor secretary
inspector engineer adviser commissioner prosecutor treasurer coordinator researcher""".split()
ORG = """the port authority|the transport ministry|the city council|the regional water board|the
national statistics office|the chamber of commerce|the farmers' union|the central bank|the
rail operator|the health agency|the energy regulator|the teachers' association|the housing
trust|the customs service|the environment agency|the fisheries council|the civil aviation
office|the school board""".replace("\n", " ").split("|")
PLACE = """Hamburg Lyon Gdansk Porto Tallinn Valencia Bremen Lille Krakow Antwerp Turin Bergen
Malmo Leipzig Nantes Seville Riga Vilnius Ghent Utrecht Graz Brno Bilbao Aarhus Toulouse Dresden
Bologna Cork Split Tampere""".split()
COUNTRY = """Germany France Poland Portugal Estonia Spain Belgium Italy Norway Sweden Austria
Finland Ireland Croatia Latvia Lithuania Denmark Japan Brazil Canada Kenya Chile""".split()
NOUN = """bridges tunnels ferries schools clinics reservoirs orchards warehouses depots turbines
pipelines libraries markets stadiums tramlines harbours runways bakeries factories quarries
vineyards greenhouses hangars silos canals""".split()
ADJ = """new ageing municipal private regional coastal northern southern temporary disputed
expanded modernised delayed costly smaller larger rural urban public""".split()
VERB = """rebuild close expand inspect replace fund modernise reopen sell relocate upgrade
review audit extend repair insure""".split()
CUE = ["said", "told reporters", "said in a statement", "wrote in a letter", "announced",
       "confirmed", "argued", "warned"]
HEDGE = ["may", "could", "might", "is expected to", "reportedly plans to", "is likely to"]
MONTH = """January February March April May June July August September October November
December""".split()
WEEKDAY = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SECTION = """World Europe Business Markets Politics Technology Science Health Sport Culture
Opinion Climate Cities Travel Education Energy""".split()


def person(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def article(noun):
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def sentence(r):
    kind = r.randrange(6)
    n = r.randrange(2, 900)
    if kind == 0:
        return (f"{person(r)}, the {r.choice(ROLE)} of {r.choice(ORG)}, {r.choice(CUE)} on "
                f"{r.choice(WEEKDAY)} that {n} {r.choice(ADJ)} {r.choice(NOUN)} in "
                f"{r.choice(PLACE)} {r.choice(HEDGE)} {r.choice(VERB)} them by {r.choice(MONTH)}.")
    if kind == 1:
        return (f"According to {r.choice(ORG)}, {r.choice(ADJ)} {r.choice(NOUN)} near "
                f"{r.choice(PLACE)} cost {n} million euros last year, {r.randrange(3, 60)} percent "
                f"more than the {r.choice(ADJ)} {r.choice(NOUN)} of {r.choice(COUNTRY)}.")
    if kind == 2:
        return (f"Officials in {r.choice(COUNTRY)} {r.choice(HEDGE)} {r.choice(VERB)} "
                f"{r.choice(ADJ)} {r.choice(NOUN)} before {r.randrange(1, 29)} "
                f"{r.choice(MONTH)} {r.randrange(2024, 2029)}, {person(r)} of "
                f"{r.choice(ORG)} {r.choice(CUE)}.")
    if kind == 3:
        return (f"The {r.choice(ADJ)} {r.choice(NOUN)} of {r.choice(PLACE)} and "
                f"{r.choice(PLACE)} employ about {n * 10} people, and {r.choice(ORG)} "
                f"{r.choice(HEDGE)} {r.choice(VERB)} {r.randrange(2, 40)} of them this "
                f"{r.choice(MONTH)}.")
    if kind == 4:
        return (f"\u201cWe cannot {r.choice(VERB)} {r.choice(ADJ)} {r.choice(NOUN)} on "
                f"{r.choice(ADJ)} budgets,\u201d {person(r)} {r.choice(CUE)}, pointing to "
                f"{n} {r.choice(NOUN)} in {r.choice(COUNTRY)}.")
    return (f"Residents of {r.choice(PLACE)} queued for {r.randrange(2, 9)} hours on "
            f"{r.choice(WEEKDAY)} as {r.choice(ADJ)} {r.choice(NOUN)} and {r.choice(NOUN)} "
            f"stayed shut, {article(r.choice(ROLE))} at {r.choice(ORG)} {r.choice(CUE)}.")


def on_topic_sentence(r):
    return (f"{person(r)}, {article(r.choice(ROLE))} at {r.choice(ORG)}, {r.choice(CUE)} that North "
            f"Korea had sent {r.randrange(40, 4000)} workers to {r.choice(ADJ)} "
            f"{r.choice(NOUN)} in Russia since {r.choice(MONTH)}.")


def page(r, i, on_topic):
    section = r.choice(SECTION)
    title = (f"{r.choice(PLACE)} {r.choice(ORG).replace('the ', '').title()} weighs "
             f"{r.choice(ADJ)} {r.choice(NOUN)} plan ({i})")
    if on_topic:
        title = f"North Korean workers reach Russian {r.choice(NOUN)} ({i})"
    paras = []
    for _ in range(r.randrange(7, 12)):
        paras.append(" ".join(sentence(r) for _ in range(r.randrange(3, 6))))
    if on_topic:
        k = r.randrange(1, 3)
        paras[k] = on_topic_sentence(r) + " " + paras[k]
    day = r.randrange(1, 29)
    month = r.randrange(1, 13)
    nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in SECTION)
    related = "".join(
        f'<li><a href="/{section.lower()}/{r.randrange(10**6)}">{r.choice(PLACE)} '
        f'{r.choice(NOUN)}: what {r.choice(ROLE)}s {r.choice(CUE).split()[0]}</a></li>'
        for _ in range(6))
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    byline = person(r)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Ledger</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{paras[0][:150]}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-{month:02d}-{day:02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:00Z">
<meta name="author" content="{byline}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{section:"{section}",id:{i}}});</script>
</head><body>
<header class="masthead"><a class="logo" href="/">The Daily Ledger</a>
<nav class="sections"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<main><article class="story">
<p class="kicker"><a href="/{section.lower()}/">{section}</a></p>
<h1>{title}</h1>
<p class="byline">By {byline} &middot; <time datetime="2026-{month:02d}-{day:02d}">{day} {MONTH[month - 1]} 2026</time></p>
{body}
</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
<div class="newsletter">Sign up for the morning briefing. <a href="/newsletters">Subscribe</a></div>
</main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul>
<p>&copy; 2026 The Daily Ledger. All rights reserved.</p></footer>
</body></html>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--on-topic-every", type=int, default=33)
    ap.add_argument("--seed", type=int, default=12)
    a = ap.parse_args()
    if a.n < 1 or a.on_topic_every < 1:
        sys.exit("gen_corpus.py: N and --on-topic-every must be at least 1")
    os.makedirs(a.out, exist_ok=True)
    r = random.Random(a.seed)
    total = on = 0
    for i in range(a.n):
        topic = i % a.on_topic_every == a.on_topic_every // 2
        html = page(r, i, topic).encode("utf-8")
        with open(os.path.join(a.out, f"a{i:06d}.html"), "wb") as f:
            f.write(html)
        total += len(html)
        on += topic
    print(json.dumps({"articles": a.n, "on_topic": on, "bytes": total}))


if __name__ == "__main__":
    main()
