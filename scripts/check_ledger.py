#!/usr/bin/env python3
"""Checks Graph/ledger.csv, the coverage ledger of the curated graph (issue 16, item 2).

  scripts/check_ledger.py [--graph DIR] [--seeds DIR] [--ledger FILE]

Checks, printing every problem found and exiting 1 if there is any (0 and a summary if none):
  1. ledger.csv has the header source,statement,facts,rows,status,note; every source is an id
     of Graph/sources.csv; status is covered, wrong, missing or out_of_scope; facts is given;
     wrong and out_of_scope rows say why in note; covered and wrong rows name their rows; no
     statement is listed twice for one source.
  2. Every statement is a verbatim substring of its article: of the seed file, and for a
     bundle cited as FILE#N (004_...txt) of its N-th article. The bundle's articles are found
     by their byline, a line "publisher· YYYY-MM-DD HH:MM" under the title; article N runs
     from its title line to the next article's title line. Their titles, publishers and dates
     are checked against sources.csv, so a renumbering cannot pass unnoticed.
  3. Every quote in Graph/*.csv (any file whose header has source_ref and quote: nodes,
     edges, citations) appears as a ledger statement of the same source.
  4. Every rows entry names an existing row: node:ID (an id in a file with an id column) or
     edge:SOURCE>TARGET:KIND (a row of a file with source, target and kind columns).

Python 3 standard library only. Seeds default to ../shared/seeds beside the checkout.
"""
import argparse
import csv
import os
import re
import sys

STATUSES = {"covered", "wrong", "missing", "out_of_scope"}
HEADER = ["source", "statement", "facts", "rows", "status", "note"]
BYLINE = re.compile(r"^(?P<publisher>.+?)· (?P<date>\d{4}-\d{2}-\d{2}) \d{2}:\d{2}$")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        rows = list(reader)
    if not rows:
        return [], [], []
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], rows[1:]


def split_bundle(text):
    """The articles of a bundle: a list of (title, publisher, date, section text)."""
    lines = text.split("\n")
    starts = []
    for i in range(1, len(lines)):
        m = BYLINE.match(lines[i].strip())
        if m:
            starts.append((i - 1, lines[i - 1].strip(), m.group("publisher").strip(), m.group("date")))
    articles = []
    for k, (start, title, publisher, date) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        articles.append((title, publisher, date, "\n".join(lines[start:end])))
    return articles


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", default=os.path.join(root, "Graph"))
    ap.add_argument("--ledger", help="the ledger file (default: ledger.csv in the graph folder)")
    ap.add_argument("--seeds", default=os.environ.get("SEEDS", os.path.join(os.path.dirname(root), "shared", "seeds")))
    args = ap.parse_args()
    problems = []

    def problem(msg):
        problems.append(msg)

    if not os.path.isdir(args.seeds):
        print(f"seed articles not found at {args.seeds} (pass --seeds DIR)")
        return 1

    # Sources and their texts.
    _, sources, _ = read_csv(os.path.join(args.graph, "sources.csv"))
    source_ids = {s["id"]: s for s in sources}
    texts = {}
    bundles = {}
    for sid, s in source_ids.items():
        file, _, num = sid.partition("#")
        path = os.path.join(args.seeds, file)
        if not os.path.exists(path):
            problem(f"sources.csv: {sid}: no seed file {path}")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not num:
            texts[sid] = text
            continue
        if file not in bundles:
            bundles[file] = split_bundle(text)
        articles = bundles[file]
        n = int(num)
        if not 1 <= n <= len(articles):
            problem(f"sources.csv: {sid}: the bundle has {len(articles)} articles")
            continue
        title, publisher, date, section = articles[n - 1]
        for field, found in (("title", title), ("publisher", publisher), ("date", date)):
            if s.get(field) and s[field] != found:
                problem(f"sources.csv: {sid}: {field} {s[field]!r}, but article #{n} of {file} has {found!r}")
        texts[sid] = section
    for file, articles in bundles.items():
        cited = {int(sid.partition("#")[2]) for sid in source_ids if sid.startswith(file + "#")}
        for n in range(1, len(articles) + 1):
            if n not in cited:
                problem(f"sources.csv: article #{n} of {file} ({articles[n - 1][0]}) has no source row")

    ledger_path = args.ledger or os.path.join(args.graph, "ledger.csv")

    # Graph rows and quotes.
    node_ids, edge_keys, quotes = set(), set(), []
    for name in sorted(os.listdir(args.graph)):
        if not name.endswith(".csv") or os.path.abspath(os.path.join(args.graph, name)) == os.path.abspath(ledger_path):
            continue
        header, rows, _ = read_csv(os.path.join(args.graph, name))
        if "id" in header and name != "sources.csv":
            node_ids.update(r["id"] for r in rows)
        if {"source", "target", "kind"} <= set(header):
            edge_keys.update(f"{r['source']}>{r['target']}:{r['kind']}" for r in rows)
        if {"source_ref", "quote"} <= set(header):
            for i, r in enumerate(rows, start=2):
                if r["quote"]:
                    quotes.append((name, i, r["source_ref"], r["quote"]))

    # The ledger.
    try:
        header, ledger, raw = read_csv(ledger_path)
    except (OSError, csv.Error) as e:
        print(f"ledger.csv: cannot read: {e}")
        return 1
    if header != HEADER:
        problem(f"ledger.csv: header {header}, want {HEADER}")
    statements = {}
    counts = {}
    for line, (r, cells) in enumerate(zip(ledger, raw), start=2):
        where = f"ledger.csv:{line}"
        if len(cells) != len(HEADER):
            problem(f"{where}: {len(cells)} fields, want {len(HEADER)}")
            continue
        src, stmt, status = r["source"], r["statement"], r["status"]
        if src not in source_ids:
            problem(f"{where}: unknown source {src!r}")
        if status not in STATUSES:
            problem(f"{where}: status {status!r} is not one of {sorted(STATUSES)}")
        if not stmt:
            problem(f"{where}: empty statement")
        if not r["facts"].strip():
            problem(f"{where}: no facts")
        if status in ("wrong", "out_of_scope") and not r["note"].strip():
            problem(f"{where}: status {status} needs a note saying why")
        refs = [x.strip() for x in r["rows"].split(";") if x.strip()]
        if status in ("covered", "wrong") and not refs:
            problem(f"{where}: status {status} names no rows")
        if stmt != stmt.strip():
            problem(f"{where}: statement has leading or trailing whitespace")
        if src in texts and stmt and stmt not in texts[src]:
            file = src.partition("#")[0]
            elsewhere = [sid for sid in texts if sid != src and sid.startswith(file) and stmt in texts[sid]]
            hint = f" (found in {', '.join(elsewhere)})" if elsewhere else ""
            problem(f"{where}: statement not verbatim in {src}{hint}: {stmt}")
        if (src, stmt) in statements:
            problem(f"{where}: statement listed twice for {src} (first at line {statements[(src, stmt)]}): {stmt}")
        statements.setdefault((src, stmt), line)
        for ref in refs:
            kind, _, key = ref.partition(":")
            if kind == "node":
                if key not in node_ids:
                    problem(f"{where}: no node {key!r} ({ref})")
            elif kind == "edge":
                if key not in edge_keys:
                    problem(f"{where}: no edge {key!r} ({ref})")
            else:
                problem(f"{where}: rows entry {ref!r} is neither node:ID nor edge:SOURCE>TARGET:KIND")
        counts.setdefault(src, {s: 0 for s in sorted(STATUSES)})
        if status in STATUSES:
            counts[src][status] += 1

    for name, line, src, quote in quotes:
        if (src, quote) not in statements:
            problem(f"{name}:{line}: quote of {src} is no ledger statement of that source: {quote}")

    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    total = {s: sum(c[s] for c in counts.values()) for s in sorted(STATUSES)}
    for src in source_ids:
        if src in counts:
            c = counts[src]
            print(f"{src}: {sum(c.values())} statements, " + ", ".join(f"{k} {v}" for k, v in c.items()))
    print(f"ok: {len(ledger)} statements ({', '.join(f'{k} {v}' for k, v in total.items())}); "
          f"{len(quotes)} quotes in Graph/*.csv, all in the ledger; every rows entry exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
