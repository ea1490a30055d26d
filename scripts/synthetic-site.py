#!/usr/bin/env python3
"""Writes a synthetic project with N country pages for benchmarks, of issue 15's shape: each page has a title, a
~150-word Markdown summary and 6 claims, each citing a ~20-word passage. The real templates, site settings and
sources are kept; topics, the timeline and disagreements are emptied so that page counts are exact.

Without --sources, the claims cite real passages of the five real seeds (every seed sentence that occurs once,
dealt round the pages). With --sources K, the real seeds are replaced by K generated ones that hold the cited
passages: every claim cites the first 20 words of a 24-word sentence of its own (6N sentences of ~155 bytes,
dealt round the K sources), so at N = 10,000 the sources hold 9 MB: 50 of ~190 KB, or 500 of ~19 KB.

With --hugo DIR, the same pages are also written as a Hugo site in DIR (the templates of scripts/hugo-site/): one
page per country with its title, summary and claims, each claim's quotation in a reference list linking to its
source's page; one page per source with its text; a list of countries and a list of sources.

usage: scripts/synthetic-site.py [--sources K] [--hugo DIR] N OUT_DIR
"""
import hashlib
import os
import random
import re
import shutil
import sys

args = sys.argv[1:]
k = hugo = None
while args[:1] in (["--sources"], ["--hugo"]):
    if args[0] == "--sources":
        k = int(args[1])
    else:
        hugo = args[1]
    args = args[2:]
if len(args) != 2:
    sys.exit(__doc__.rsplit("usage: ", 1)[1])
n, out = int(args[0]), args[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLAIMS = 6
rng = random.Random(1)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]

if os.path.exists(out):
    shutil.rmtree(out)
for sub in ("seeds", "templates", "content"):
    shutil.copytree(os.path.join(root, sub), os.path.join(out, sub))
# Only the synthetic countries: the real files stay out so that page counts are exact.
countries = os.path.join(out, "content", "countries")
shutil.rmtree(countries)
os.makedirs(countries)
# Topics, the timeline and the disagreements name real countries; keep them out too.
shutil.rmtree(os.path.join(out, "content", "topics"))
with open(os.path.join(out, "content", "timeline.yaml"), "w") as f:
    f.write("events: []\n")
with open(os.path.join(out, "content", "disagreements.yaml"), "w") as f:
    f.write("disagreements: []\n")


def generated_sources(k, count):
    """Writes k seeds holding `count` sentences and their entries in seeds/sources.yaml.
    Returns the quotes as (source id, quote) and the sources as (id, title, text)."""
    seeds = os.path.join(out, "seeds")
    shutil.rmtree(seeds)
    os.makedirs(seeds)
    texts = [[] for _ in range(k)]
    quotes = []
    for i in range(count):
        # The sentence number makes every sentence, and so every quote, occur once.
        sentence = [f"S{i}"] + [rng.choice(words) for _ in range(23)]
        texts[i % k].append(" ".join(sentence) + ".")
        quotes.append((f"source-{i % k:04d}", " ".join(sentence[:20])))
    entries = []
    sources = []
    for s, sentences in enumerate(texts):
        # Ten sentences a paragraph, as in an article.
        text = "\n\n".join(" ".join(sentences[p:p + 10]) for p in range(0, len(sentences), 10)) + "\n"
        with open(os.path.join(seeds, f"{s:04d}_synthetic.txt"), "w") as f:
            f.write(text)
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        entries.append(
            f"  - id: source-{s:04d}\n    file: {s:04d}_synthetic.txt\n    sha256: {sha256}\n"
            f"    title: Synthetic source {s}\n"
            "    title_basis: stated\n    publisher: { value: Nobody, basis: stated }\n"
            '    published: { value: "2025", basis: stated }\n    language: English\n    translated: false\n    reliability: Synthetic.\n'
        )
        sources.append((f"source-{s:04d}", f"Synthetic source {s}", text))
    with open(os.path.join(seeds, "sources.yaml"), "w") as f:
        f.write("reporters: []\nsources:\n" + "".join(entries))
    return quotes, sources


def real_sources():
    """Every sentence of the real seeds that occurs once in its seed, longer than 40 characters."""
    meta = open(os.path.join(root, "seeds", "sources.yaml")).read()
    ids = re.findall(r"^  - id: (\S+)\n    file: (\S+)\n(?:    sha256: \S+\n)?    title: (.+)", meta, re.M)
    quotes = []
    sources = []
    for source_id, name, title in ids:
        text = open(os.path.join(root, "seeds", name), encoding="utf-8").read()
        sources.append((source_id, title.strip('"'), text))
        norm = re.sub(r"\s+", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n", text):
            s = re.sub(r"\s+", " ", sentence.strip())
            if len(s) > 40 and norm.count(s) == 1 and '"' not in s and "\\" not in s:
                quotes.append((source_id, s))
    return quotes, sources


def summary(i):
    """About 150 words of Markdown in two paragraphs, with emphasis and a link."""
    first = " ".join(rng.choice(words) for _ in range(75))
    second = " ".join(rng.choice(words) for _ in range(70))
    return (f"Country {i} is a *synthetic* profile. {first}.\n\n"
            f"See [the record](https://example.org/{i}) for more. {second}.")


quotes, sources = generated_sources(k, CLAIMS * n) if k else real_sources()
# Transfers are records of their own, not claims: the fourth claim is a second agreement status.
axes = [("outreach", "approached"), ("agreement", "reported"), ("stance", "no_comment"), ("agreement", "signed")]
pages = []
for i in range(n):
    claims = []
    for j in range(CLAIMS):
        source_id, quote = quotes[(i * CLAIMS + j) % len(quotes)]
        axis, status = axes[(i + j) % len(axes)]
        claims.append((f"c{i}-{j}", f"Synthetic claim {j} of country {i}, attributed to a source.", axis, status,
                       source_id, quote))
    text = summary(i)
    pages.append((i, text, claims))
    # ISO codes must be unique across countries, and 10,000 exceed the alpha-2 codes there are: the synthetic
    # countries use the scaffold's placeholders, which the uniqueness check leaves to the TODO warnings.
    with open(os.path.join(countries, f"country-{i:05d}.yaml"), "w") as f:
        f.write(
            f"name: Country {i}\niso2: XX\niso3: XXX\nregion: Europe\nroles: [destination]\n"
            "summary: |\n" + "".join(f"  {line}\n" if line else "\n" for line in text.split("\n")) +
            "claims:\n" + "".join(
                f"  - id: {claim_id}\n    text: {claim}\n    axis: {axis}\n    status: {status}\n"
                f"    cites:\n      - source: {source_id}\n        quote: \"{quote}\"\n"
                for claim_id, claim, axis, status, source_id, quote in claims
            )
        )


def yaml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if hugo:
    if os.path.exists(hugo):
        shutil.rmtree(hugo)
    shutil.copytree(os.path.join(root, "scripts", "hugo-site"), hugo)
    os.makedirs(os.path.join(hugo, "static"))
    shutil.copy(os.path.join(root, "templates", "static", "style.css"), os.path.join(hugo, "static", "style.css"))
    for section in ("countries", "sources"):
        os.makedirs(os.path.join(hugo, "content", section))
    with open(os.path.join(hugo, "content", "countries", "_index.md"), "w") as f:
        f.write("---\ntitle: Countries\n---\n")
    with open(os.path.join(hugo, "content", "sources", "_index.md"), "w") as f:
        f.write("---\ntitle: Sources\n---\n")
    for source_id, title, text in sources:
        with open(os.path.join(hugo, "content", "sources", f"{source_id}.md"), "w") as f:
            f.write(f"---\ntitle: {yaml_string(title)}\n---\n{text}")
    for i, text, claims in pages:
        with open(os.path.join(hugo, "content", "countries", f"country-{i:05d}.md"), "w") as f:
            f.write(
                f"---\ntitle: Country {i}\nregion: Europe\nclaims:\n" + "".join(
                    f"  - text: {yaml_string(claim)}\n    status: {status}\n    source: {source_id}\n"
                    f"    quote: {yaml_string(quote)}\n"
                    for _, claim, _, status, source_id, quote in claims
                ) + f"---\n{text}\n"
            )
