#!/usr/bin/env python3
"""Writes a synthetic project with N country pages for benchmarks: the real seeds, templates, sources, topics and
timeline, plus N generated country files whose claims cite real passages (every seed sentence that occurs once).

usage: scripts/synthetic-site.py N OUT_DIR
"""
import os
import re
import shutil
import sys

n, out = int(sys.argv[1]), sys.argv[2]
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

ids = re.findall(r"^  - id: (\S+)\n    file: (\S+)", open(os.path.join(root, "seeds", "sources.yaml")).read(), re.M)
quotes = []
for source_id, name in ids:
    text = open(os.path.join(root, "seeds", name), encoding="utf-8").read()
    norm = re.sub(r"\s+", " ", text)
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n", text):
        s = re.sub(r"\s+", " ", sentence.strip())
        if len(s) > 40 and norm.count(s) == 1 and '"' not in s and "\\" not in s:
            quotes.append((source_id, s))
axes = [("outreach", "approached"), ("agreement", "reported"), ("stance", "no_comment"), ("transfers", "received")]
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
