"""The data page's questions, answered by a real SQL engine over the published tables (scripts/test runs this
after the build, on the published site):
  - each query the data page documents (people sent per country without double counting, timeline events by
    month, statements per original reporter) is run by DuckDB from data/, as a reader would paste it, and its
    result must be the answer the page prints beside it;
  - the answers must agree with what the other pages show: the timeline's events under each month's heading;
    each country page shows the transfer whose figure counts, in those words; each statement on a country page
    names the original reporting that statements.csv gives it;
  - every date column comes with ISO 8601 bounds that DuckDB reads as DATE and the data package types as dates.
usage: python3 tests/open_data_sql.py SITE_DIR
"""
import html
import html.parser
import json
import os
import re
import sys

import duckdb

from tally import check, finish, reader

site = os.path.abspath(sys.argv[1])
data = os.path.join(site, "data")
read = reader(site)


class Page(html.parser.HTMLParser):
    """The data page's queries (`<code id="query-...">`) and answers (`<table id="answer-...">`)."""

    def __init__(self):
        super().__init__()
        self.queries, self.answers = {}, {}
        self.code = self.table = None
        self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "code" and a.get("id", "").startswith("query-"):
            self.code = a["id"][len("query-"):]
            self.queries[self.code] = ""
        elif tag == "table" and a.get("id", "").startswith("answer-"):
            self.table = a["id"][len("answer-"):]
            self.answers[self.table] = []
        elif self.table and tag == "tr":
            self.row = []
        elif self.table and tag == "td":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "code":
            self.code = None
        elif tag == "table":
            self.table = None
        elif tag == "td" and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.answers[self.table].append(self.row)
            self.row = None

    def handle_data(self, d):
        if self.code:
            self.queries[self.code] += d
        if self.cell is not None:
            self.cell += d


page = Page()
page.feed(read("data/index.html"))
expected = {"people-sent", "events-by-month", "statements-per-reporter"}
check(set(page.queries) == expected and set(page.answers) == expected,
      f"data page: queries {sorted(page.queries)}, answers {sorted(page.answers)}")

os.chdir(data)
db = duckdb.connect()


def run(sql):
    return [["" if v is None else str(v) for v in row] for row in db.sql(sql).fetchall()]


results = {}
for qid, sql in page.queries.items():
    try:
        results[qid] = run(sql)
    except duckdb.Error as e:
        check(False, f"{qid}: DuckDB refuses the documented query: {e}")
        continue
    check(results[qid] == page.answers.get(qid), f"{qid}: DuckDB gives {results[qid]}, the page prints {page.answers.get(qid)}")
    check(len(results[qid]) > 0, f"{qid}: no rows")
    print(f"{qid}: {results[qid]}")

# -- people sent: the figure that counts is shown, in the sources' words, on every country page it covers --------
figures = run("""
    SELECT t.movement, t.covers, t.id, t.number_as_stated, t.number_min
    FROM read_csv('transfers.csv') t
    JOIN (SELECT movement, covers, min(number_min) AS least FROM read_csv('transfers.csv')
          WHERE outcome = 'sent' GROUP BY movement, covers) m
      ON t.movement = m.movement AND t.covers = m.covers AND t.number_min = m.least
    WHERE t.outcome = 'sent'""")
check(len(figures) >= 4, f"only {len(figures)} transfers with a figure")
for movement, covers, tid, words, least in figures:
    for country in covers.split(";"):
        text = read(f"countries/{country}/index.html")
        anchor = tid.split("/", 1)[1]
        m = re.search(rf'id="transfer-{re.escape(anchor)}".*?</li>', text, re.S)
        if not check(m, f"{movement}: countries/{country} does not show the transfer {tid}"):
            continue
        shown = html.unescape(re.sub(r"<[^>]+>", "", m.group(0)))
        check(words.lower() in shown.lower(), f"{movement}: countries/{country} does not say \"{words}\" ({least})")
# A shared figure is one movement, not one per country: summing per country would count it twice.
shared = run("SELECT count(DISTINCT movement), count(*) FROM read_csv('transfers.csv') WHERE covers LIKE '%;%'")
check(shared and shared[0][0] == "1" and int(shared[0][1]) == 4,
      f"the February figure for Costa Rica and Panama is not one movement of four records: {shared}")

# -- events by month: the timeline's month headings and their events ----------------------------------------------
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
timeline = read("timeline/index.html")
by_month = {}
for section in re.findall(r'<section class="month"[^>]*>(.*?)</section>', timeline, re.S):
    heading = html.unescape(re.search(r"<h3[^>]*>(.*?)</h3>", section, re.S).group(1)).strip()
    name, year = heading.split()
    by_month[f"{year}-{MONTHS.index(name) + 1:02d}"] = str(len(re.findall(r'<li id="event-', section)))
check(sorted(by_month.items()) == [tuple(r) for r in results.get("events-by-month", [])],
      f"events by month: the timeline shows {sorted(by_month.items())}, DuckDB gives {results.get('events-by-month')}")

# -- statements per reporter: what each country page says of each statement's original reporting ------------------
reporters = {sid: (names or "") for sid, names in run("SELECT id, reporter_names FROM read_csv('statements.csv', types = {'id': 'VARCHAR'})")}
seen = 0
for country in sorted(os.listdir(os.path.join(site, "countries"))):
    path = f"countries/{country}/index.html"
    if not os.path.exists(os.path.join(site, path)):
        continue
    for sid, body in re.findall(r'<li id="claim-([0-9a-f]{8})" class="claim[^"]*">(.*?)</li>', read(path), re.S):
        # "Corroborated by A and B", "One outlet: A" or "Unattributed reporting only", then what else backs it.
        m = re.search(r'<span class="reporters">(?:Corroborated by |One outlet: )(.*?)(?:;| ·)', body)
        shown = sorted(re.split(r", | and ", html.unescape(m.group(1)))) if m else []
        check(sid in reporters, f"{path}: statement {sid} is not in statements.csv")
        check(shown == sorted(filter(None, reporters.get(sid, "").split(";"))),
              f"{path}: statement {sid} shows {shown}, statements.csv gives {reporters.get(sid)}")
        seen += 1
placed = run("SELECT count(*) FROM read_csv('claims.csv') WHERE country IS NOT NULL")[0][0]
check(str(seen) == placed and seen > 50, f"{seen} statements on the country pages, {placed} in claims.csv")
counted = sum(int(n) for _, n in results.get("statements-per-reporter", []))
check(counted >= len([r for r in reporters.values() if r]), "statements per reporter miss statements")

# -- dates are dates --------------------------------------------------------------------------------------------------
package = json.load(open("datapackage.json"))
for resource in package["resources"]:
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for name in fields:
        if name in ("date", "published"):
            for suffix in ("_earliest", "_latest"):
                check(fields.get(name + suffix, {}).get("type") == "date",
                      f"{resource['name']}: {name}{suffix} is not typed as a date")
            check(fields.get(name + "_sort", {}).get("type") == "integer", f"{resource['name']}: no {name}_sort")
for table, column in [("events", "date"), ("claims", "date"), ("transfers", "date"), ("sources", "published")]:
    types = dict(db.sql(f"DESCRIBE SELECT {column}_earliest, {column}_latest FROM read_csv('{table}.csv')").fetchall()[i][:2]
                 for i in range(2))
    check(set(types.values()) == {"DATE"}, f"{table}: DuckDB reads the bounds as {types}")
order = run("SELECT date FROM read_csv('events.csv') ORDER BY date_sort, id")
check([r[0] for r in order] == [r[0] for r in run("SELECT date FROM read_csv('events.csv')")],
      "events.csv is not in the order its date_sort gives")

finish("open data in SQL")
