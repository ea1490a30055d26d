"""The built site's feed, structured data and annotations, read by independent tools (scripts/test runs this
after `frictionless validate` of the data package):
  - feedparser reads feed.xml with no bozo flag; every entry has a tag: id, a date and a link to a page;
  - pyld expands the JSON-LD of every country and source page and of the data page, with no network: each
    country page's statements are schema.org Claims whose appearance is a Quotation of a NewsArticle;
  - pyld expands data/annotations.jsonld into W3C Web Annotations, with the context the site ships
    (data/anno.jsonld) as the only document it may load, and each TextPositionSelector, counted in code points,
    picks out of the published text exactly the TextQuoteSelector's `exact`; each annotation also targets the
    source's page, with a CssSelector refined by the same selectors.
usage: python3 tests/open_data.py SITE_DIR
"""
import html.parser
import json
import os
import sys

import feedparser
from pyld import jsonld

from tally import check, finish, reader

site = sys.argv[1]
read = reader(site)


# The Web Annotation context, read from the copy the site ships (data/anno.jsonld), as the data page tells
# readers to: the test has no network, and the expected IRIs below are the Web Annotation Vocabulary's.
OA, AS, XSD = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/activitystreams#", "http://www.w3.org/2001/XMLSchema#"
ANNO_CONTEXT = json.loads(read("data/anno.jsonld"))


def offline_loader(url, options=None):
    if url == "http://www.w3.org/ns/anno.jsonld":
        return {"contextUrl": None, "documentUrl": url, "document": ANNO_CONTEXT}
    raise jsonld.JsonLdError("no network in the tests: " + url, "loading document failed")


def expand(doc, base):
    return jsonld.expand(doc, {"base": base, "documentLoader": offline_loader})


# -- the feed -------------------------------------------------------------------------------------------------
feed = feedparser.parse(read("feed.xml"))
check(not feed.bozo, f"feed.xml: bozo: {feed.get('bozo_exception')}")
check(feed.version == "atom10", f"feed.xml: read as {feed.version}, not Atom 1.0")
check(len(feed.entries) > 0, "feed.xml: no entries (is the site built from a git checkout?)")
for e in feed.entries:
    check(e.id.startswith("tag:"), f"feed entry id is not a tag: URI: {e.id}")
    check(e.get("updated_parsed") is not None, f"feed entry {e.id} has no date")
    href = e.link.split("#")[0]
    check(os.path.isfile(os.path.join(site, href)), f"feed entry {e.id} links to a missing page {href}")
check(len({e.id for e in feed.entries}) == len(feed.entries), "feed.xml: an entry id is used twice")


# -- JSON-LD in pages -----------------------------------------------------------------------------------------
class Blocks(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data


SCHEMA = "https://schema.org/"


def nodes_of(rel):
    parser = Blocks()
    parser.feed(read(rel))
    check(len(parser.blocks) == 1, f"{rel}: {len(parser.blocks)} JSON-LD blocks, expected one")
    if not parser.blocks:
        return []
    expanded = expand(json.loads(parser.blocks[0]), "http://site.test/" + rel)
    check(len(expanded) > 0, f"{rel}: JSON-LD expands to nothing")
    out = []

    def walk(node):
        if isinstance(node, dict):
            out.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(expanded)
    return out


def typed(nodes, t):
    return [n for n in nodes if SCHEMA + t in n.get("@type", [])]


pages = {"countries": [], "sources": []}
for kind in pages:
    for name in sorted(os.listdir(os.path.join(site, kind))):
        if os.path.isdir(os.path.join(site, kind, name)):
            pages[kind].append(f"{kind}/{name}/index.html")
check(len(pages["countries"]) > 20 and len(pages["sources"]) >= 5, f"too few pages found: {pages}")
claims_seen = 0
quotation_ids, appearances = set(), set()
for rel in pages["countries"] + pages["sources"]:
    nodes = nodes_of(rel)
    claims = typed(nodes, "Claim")
    claims_seen += len(claims)
    for c in claims:
        quotations = [q for q in c.get(SCHEMA + "appearance", []) if SCHEMA + "Quotation" in q.get("@type", [])]
        check(quotations, f"{rel}: claim {c.get('@id')} has no Quotation as its appearance")
        for q in quotations:
            part = q.get(SCHEMA + "isPartOf", [{}])[0]
            check(SCHEMA + "NewsArticle" in part.get("@type", []), f"{rel}: a quotation is part of no article")
            check(q.get(SCHEMA + "text"), f"{rel}: a quotation has no text")
        check(c.get("@id", "").startswith("http://site.test/"), f"{rel}: claim id did not resolve: {c.get('@id')}")
    if rel.startswith("sources/"):
        check(typed(nodes, "NewsArticle"), f"{rel}: no NewsArticle")
        passages = typed(nodes, "Quotation")
        check(passages, f"{rel}: no quoted passage")
        article = typed(nodes, "NewsArticle")[0]["@id"]
        for q in passages:
            check(q.get(SCHEMA + "isPartOf", [{}])[0].get("@id") == article, f"{rel}: a passage of another article")
            check(q["@id"].startswith(article + "#q"), f"{rel}: a passage's id is not its anchor: {q['@id']}")
    quotation_ids.update(q["@id"] for q in typed(nodes, "Quotation") if rel.startswith("sources/"))
    appearances.update(q["@id"] for c in claims for q in c.get(SCHEMA + "appearance", []))
check(claims_seen > 100, f"only {claims_seen} claims in the pages' JSON-LD")
# The graphs join: every passage a country page's claim appears in is described on its source's page.
missing = appearances - quotation_ids
check(not missing, f"claims appear in passages no source page describes: {sorted(missing)[:3]}")
dataset = typed(nodes_of("data/index.html"), "Dataset")
check(len(dataset) == 1 and dataset[0].get(SCHEMA + "distribution"), "data/index.html: no Dataset with its files")

# -- annotations ----------------------------------------------------------------------------------------------
annotations = json.loads(read("data/annotations.jsonld"))
check(annotations.get("@context") == "http://www.w3.org/ns/anno.jsonld", "annotations: not the Web Annotation context")
expanded = expand(annotations, "http://site.test/data/annotations.jsonld")
collection = expanded[0]
check(AS + "OrderedCollection" in collection.get("@type", []), "annotations: not an AnnotationCollection")
items = collection[AS + "first"][0][AS + "items"][0]["@list"]
citations = json.loads(read("data/citations.json"))
check(len(items) == len(citations), f"annotations: {len(items)} for {len(citations)} citations")
texts = {}
published = annotations["id"].removesuffix("data/annotations.jsonld")
for a in items:
    check(OA + "Annotation" in a["@type"], "annotation without its type")
    body = a[OA + "hasBody"][0]
    check(body.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"), f"{a['@id']}: body has no text")
    targets = a[OA + "hasTarget"]
    by_kind = {t[OA + "hasSource"][0]["@id"].endswith(".txt"): t for t in targets}
    check(len(targets) == 2 and len(by_kind) == 2, f"{a['@id']}: not one target on the text and one on its page")
    target = by_kind.get(True, targets[0])
    source = target[OA + "hasSource"][0]["@id"]
    page = by_kind.get(False)
    if page:
        # On the page, the same selectors refine a CSS selector of the element holding the text.
        refined = [s.get(OA + "refinedBy", [{}])[0].get("@type", [None])[0] for s in page[OA + "hasSelector"]]
        check(all(OA + "CssSelector" in s["@type"] for s in page[OA + "hasSelector"])
              and sorted(refined) == [OA + "TextPositionSelector", OA + "TextQuoteSelector"],
              f"{a['@id']}: the page target is not a CssSelector refined by the quote and the position")
    selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
    quote, position = selectors.get(OA + "TextQuoteSelector"), selectors.get(OA + "TextPositionSelector")
    if not (quote and position):
        check(False, f"{a['@id']}: needs a quote and a position selector")
        continue
    # Relative (resolved against the test's base), or absolute under the published address.
    rel = source.removeprefix("http://site.test/").removeprefix(published)
    if rel not in texts:
        texts[rel] = read(rel)
    start, end = int(position[OA + "start"][0]["@value"]), int(position[OA + "end"][0]["@value"])
    exact = quote[OA + "exact"][0]["@value"]
    # Python strings index code points, as the selectors count.
    check(texts[rel][start:end] == exact, f"{a['@id']}: position {start}-{end} does not hold the quotation")
    prefix = quote.get(OA + "prefix", [{"@value": ""}])[0]["@value"]
    check(texts[rel][:start].endswith(prefix), f"{a['@id']}: the prefix does not precede the quotation")

# -- CSL-JSON -------------------------------------------------------------------------------------------------
csl = json.loads(read("data/sources.json"))
sources = json.loads(read("data/sources-table.json"))
check([i["id"] for i in csl] == [s["id"] for s in sources], "sources.json: not one item per source")
for item in csl:
    check(item.get("type") == "article-newspaper" and item.get("title"), f"sources.json: {item.get('id')} incomplete")
    check("issued" in item, f"sources.json: {item['id']} has no date")

finish("open data")
