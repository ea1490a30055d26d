#!/usr/bin/env python3
"""Writes a synthetic project with N country pages for benchmarks: the real seeds, templates, sources, topics and
timeline, plus N generated country files whose claims cite real passages (every seed sentence that occurs once).

With --sources K, the five real seeds are replaced by K generated ones that hold the cited passages: every claim
cites the first ~20 words of a ~45-word sentence of its own (3N sentences of ~300 bytes, dealt round the K
sources), so at N = 10,000 the sources hold 9 MB, e.g. 50 of ~180 KB or 500 of ~18 KB. This is where quote
location that scans a whole source once per quote grows with quotes x source length.

usage: scripts/synthetic-site.py [--sources K] N OUT_DIR
"""
import hashlib
import os
import random
import re
import shutil
import sys

args = sys.argv[1:]
k = None
if args[:1] == ["--sources"]:
    k, args = int(args[1]), args[2:]
n, out = int(args[0]), args[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.path.exists(out):
    shutil.rmtree(out)
for sub in ("seeds", "templates", "content"):
    shutil.copytree(os.path.join(root, sub), os.path.join(out, sub))
# Only the synthetic countries: the real files stay out so that page counts are exact.
countries = os.path.join(out, "content", "countries")
shutil.rmtree(countries)
os.makedirs(countries)
# Topics and the timeline name real countries; keep them out too.
shutil.rmtree(os.path.join(out, "content", "topics"))
with open(os.path.join(out, "content", "timeline.yaml"), "w") as f:
    f.write("events: []\n")
with open(os.path.join(out, "content", "disagreements.yaml"), "w") as f:
    f.write("disagreements: []\n")


def generated_sources(k, count):
    """Writes k seeds holding `count` sentences and their entries in seeds/sources.yaml; returns the quotes."""
    seeds = os.path.join(out, "seeds")
    shutil.rmtree(seeds)
    os.makedirs(seeds)
    rng = random.Random(1)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    texts = [[] for _ in range(k)]
    quotes = []
    for i in range(count):
        # The sentence number makes every sentence, and so every quote, occur once.
        sentence = [f"S{i}"] + [rng.choice(words) for _ in range(44)]
        texts[i % k].append(" ".join(sentence) + ".")
        quotes.append((f"source-{i % k:04d}", " ".join(sentence[:20])))
    entries = []
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
            '    published: { value: "2025", basis: stated }\n    language: English\n    reliability: Synthetic.\n'
        )
    with open(os.path.join(seeds, "sources.yaml"), "w") as f:
        f.write("reporters: []\nsources:\n" + "".join(entries))
    return quotes


def real_sources():
    """Every sentence of the real seeds that occurs once in its seed, longer than 40 characters."""
    ids = re.findall(r"^  - id: (\S+)\n    file: (\S+)", open(os.path.join(root, "seeds", "sources.yaml")).read(), re.M)
    quotes = []
    for source_id, name in ids:
        text = open(os.path.join(root, "seeds", name), encoding="utf-8").read()
        norm = re.sub(r"\s+", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n", text):
            s = re.sub(r"\s+", " ", sentence.strip())
            if len(s) > 40 and norm.count(s) == 1 and '"' not in s and "\\" not in s:
                quotes.append((source_id, s))
    return quotes


quotes = generated_sources(k, 3 * n) if k else real_sources()
# Transfers are records of their own, not claims: the fourth claim is a second agreement status.
axes = [("outreach", "approached"), ("agreement", "reported"), ("stance", "no_comment"), ("agreement", "concluded")]
for i in range(n):
    claims = []
    for j in range(3):
        source_id, quote = quotes[(i * 3 + j) % len(quotes)]
        axis, status = axes[(i + j) % len(axes)]
        claims.append(
            f"  - text: Synthetic claim {j} of country {i}, attributed to a source.\n"
            f"    axis: {axis}\n    status: {status}\n"
            f"    cites:\n      - source: {source_id}\n        quote: \"{quote}\"\n"
        )
    # ISO codes must be unique across countries, and 10,000 exceed the alpha-2 codes there are: the synthetic
    # countries use the scaffold's placeholders, which the uniqueness check leaves to the TODO warnings.
    with open(os.path.join(countries, f"country-{i:05d}.yaml"), "w") as f:
        f.write(
            f"name: Country {i}\niso2: XX\niso3: XXX\nregion: Europe\nroles: [destination]\n"
            f"summary: |\n  A synthetic profile with *Markdown* and a [link](https://example.org/{i}).\n"
            "claims:\n" + "".join(claims)
        )
