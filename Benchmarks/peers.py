"""One peer tool, loaded with the generated CSV files and asked the suite's queries.

    python peers.py TOOL DIR QUERIES BUDGET RUNS FLOWS

TOOL is networkx, igraph, rustworkx, kuzu or sqlite. DIR holds nodes.csv and edges.csv from
`tiergraph generate`; QUERIES is the suite's query file (one `name<TAB>arguments…` per line, written
by compare.py); BUDGET the seconds one query name may take in all (at least one run); RUNS how
often the import is repeated; FLOWS a JSON object from edge kind to its flow (with, against, none),
read from Tiergraph's kinds table so that every tool walks the same supply direction.

Prints one JSON object, the same shape tiergraph-bench suite prints:
    {"import": [seconds…], "load": seconds, "queries": {name: {"times": […], "answers": […]}}}
The answers are what compare.py checks across tools before it reports any time:
    shortest-path(-supply) A B   edges on a shortest path (any direction / supply direction), -1 if none
    upstream | downstream A      nodes reached in supply direction, A itself not counted
    neighbors-2 A                nodes within 2 edges either way, A not counted
    simple-paths A B D           distinct node sequences of simple supply paths with at most D edges
    chokepoints B                dominators of B over its upstream (sources: nodes with no upstream)
    render F H                   [nodes, edges] of the H-hop neighbourhood of F, written as DOT and
                                 drawn to SVG with Graphviz's sfdp, the way each tool is used with it
Each tool is used the way its documentation shows; queries a tool does not offer are left out.
SQLite and Kùzu stop a single query that runs past the budget (reported as a time-out); the
Python libraries cannot be interrupted, so their kind stops after the query that crosses it.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

tool, directory, queries_file, budget, runs, flows = sys.argv[1:7]
budget, runs, flows = float(budget), int(runs), json.loads(flows)
WITH = {k for k, f in flows.items() if f in ("with", "gate")}  # a gate is walked like with
AGAINST = {k for k, f in flows.items() if f == "against"}
NODES, EDGES = os.path.join(directory, "nodes.csv"), os.path.join(directory, "edges.csv")
work = tempfile.mkdtemp(prefix=f"compare-{tool}-")


class Timeout(Exception):
    """A query the tool itself stopped at the budget (SQLite and Kùzu can be interrupted)."""


def read_nodes():
    with open(NODES, newline="", encoding="utf-8") as f:
        return [row[0] for row in csv.reader(f)][1:]


def read_edges():
    """(source, target, kind, id) per row of edges.csv."""
    with open(EDGES, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        s, t, k, i = (header.index(c) for c in ("source", "target", "kind", "id"))
        return [(row[s], row[t], row[k], row[i]) for row in reader]


def supply_pairs(edges):
    """The edges turned the way goods flow; `none` kinds are left out."""
    for s, t, kind, _ in edges:
        if kind in WITH:
            yield s, t
        elif kind in AGAINST:
            yield t, s


def draw(dot_path):
    """Graphviz's own command, as the Python tools draw: sfdp, as Tiergraph uses for this size."""
    subprocess.run(["dot", "-Ksfdp", "-Tsvg", dot_path, "-o", dot_path + ".svg"], check=True)


def dominator_count(nodes, edges, target, component, dominators):
    """Dominators of `target` in the graph (`nodes`, `edges`: its upstream, in supply direction)
    from a virtual root feeding every strongly connected component (`component`: node → its
    component) with no edge from another: Tiergraph's definition of chokepoints.
    `dominators(count, edges, root)` is the tool's own dominator tree on nodes 0..<count."""
    if len(nodes) == 1:
        return 0
    fed = {component[t] for s, t in edges if component[s] != component[t]}
    position = {v: i for i, v in enumerate(nodes)}
    root = len(nodes)
    indexed = [(position[s], position[t]) for s, t in edges] + [(root, position[v]) for v in nodes if component[v] not in fed]
    parent = dominators(len(nodes) + 1, indexed, root)
    count, v = 0, parent[position[target]]
    while v != root:
        count += 1
        v = parent[v]
    return count


# ---------------------------------------------------------------------------------------------
def networkx_tool():
    import networkx as nx

    def load():
        graph, supply = nx.MultiDiGraph(), nx.DiGraph()
        ids = read_nodes()
        graph.add_nodes_from(ids)
        supply.add_nodes_from(ids)
        edges = read_edges()
        graph.add_edges_from((s, t, i, {"kind": k}) for s, t, k, i in edges)
        supply.add_edges_from(supply_pairs(edges))
        return graph, supply

    def queries(loaded):
        graph, supply = loaded
        both = graph.to_undirected(as_view=True)

        def distance(g, a, b):
            try:
                return nx.shortest_path_length(g, a, b)
            except nx.NetworkXNoPath:
                return -1

        def dominators(count, edges, root):
            g = nx.DiGraph()
            g.add_nodes_from(range(count))
            g.add_edges_from(edges)
            return nx.immediate_dominators(g, root)

        def chokepoints(b):
            sub = supply.subgraph(nx.ancestors(supply, b) | {b})
            component = {v: i for i, c in enumerate(nx.strongly_connected_components(sub)) for v in c}
            return dominator_count(sorted(sub), list(sub.edges()), b, component, dominators)

        def render(f, h):
            ball = nx.single_source_shortest_path_length(both, f, cutoff=h)
            sub = graph.subgraph(ball)
            path = os.path.join(work, "nx.dot")
            nx.nx_pydot.write_dot(sub, path)
            draw(path)
            return [sub.number_of_nodes(), sub.number_of_edges()]

        return {
            "shortest-path": lambda a, b: distance(both, a, b),
            "shortest-path-supply": lambda a, b: distance(supply, a, b),
            "upstream": lambda a: len(nx.ancestors(supply, a)),
            "downstream": lambda a: len(nx.descendants(supply, a)),
            "neighbors-2": lambda a: len(nx.single_source_shortest_path_length(both, a, cutoff=2)) - 1,
            "simple-paths": lambda a, b, d: sum(1 for _ in nx.all_simple_paths(supply, a, b, cutoff=int(d))),
            "chokepoints": chokepoints,
            "render": lambda f, h: render(f, int(h)),
        }
    return nx.__version__, load, queries


# ---------------------------------------------------------------------------------------------
def igraph_tool():
    import igraph

    def load():
        ids = read_nodes()
        index = {v: i for i, v in enumerate(ids)}
        edges = read_edges()
        full = igraph.Graph(n=len(ids), edges=[(index[s], index[t]) for s, t, _, _ in edges], directed=True)
        full.vs["name"] = ids
        supply = igraph.Graph(n=len(ids), edges=[(index[s], index[t]) for s, t in supply_pairs(edges)], directed=True)
        return full, supply, index

    def queries(loaded):
        full, supply, index = loaded

        def distance(g, a, b, mode):
            path = g.get_shortest_path(index[a], to=index[b], mode=mode)  # stops once it reaches b
            return len(path) - 1 if path else -1

        def dominators(count, edges, root):
            return igraph.Graph(n=count, edges=edges, directed=True).dominator(root, mode="out")

        def chokepoints(b):
            members = sorted(supply.subcomponent(index[b], mode="in"))
            sub = supply.induced_subgraph(members)  # keeps id order: member i is vertex i
            component = sub.connected_components(mode="strong").membership
            return dominator_count(list(range(len(members))), [e.tuple for e in sub.es], members.index(index[b]),
                                   component, dominators)

        def render(f, h):
            sub = full.induced_subgraph(full.neighborhood(index[f], order=h, mode="all"))
            path = os.path.join(work, "igraph.dot")
            sub.write_dot(path)
            draw(path)
            return [sub.vcount(), sub.ecount()]

        return {
            "shortest-path": lambda a, b: distance(full, a, b, "all"),
            "shortest-path-supply": lambda a, b: distance(supply, a, b, "out"),
            "upstream": lambda a: len(supply.subcomponent(index[a], mode="in")) - 1,
            "downstream": lambda a: len(supply.subcomponent(index[a], mode="out")) - 1,
            "neighbors-2": lambda a: len(full.neighborhood(index[a], order=2, mode="all")) - 1,
            # igraph repeats a path once per parallel edge: count node sequences.
            "simple-paths": lambda a, b, d: len(set(map(tuple, supply.get_all_simple_paths(
                index[a], to=index[b], maxlen=int(d))))),
            "chokepoints": chokepoints,
            "render": lambda f, h: render(f, int(h)),
        }
    return igraph.__version__, load, queries


# ---------------------------------------------------------------------------------------------
def rustworkx_tool():
    import rustworkx as rx

    def load():
        ids = read_nodes()
        full, supply = rx.PyDiGraph(), rx.PyDiGraph()
        full.add_nodes_from(ids)
        supply.add_nodes_from(ids)
        index = {v: i for i, v in enumerate(ids)}
        edges = read_edges()
        full.add_edges_from([(index[s], index[t], k) for s, t, k, _ in edges])
        supply.add_edges_from_no_data([(index[s], index[t]) for s, t in supply_pairs(edges)])
        return full, supply, index

    def queries(loaded):
        full, supply, index = loaded

        def distance(g, a, b, undirected):
            if a == b:
                return 0  # the tool lists no path from a node to itself
            paths = rx.digraph_dijkstra_shortest_paths(g, index[a], target=index[b], as_undirected=undirected)
            return len(paths[index[b]]) - 1 if index[b] in paths else -1

        def ball(a, hops):
            seen, frontier = {a}, [a]
            for _ in range(hops):
                frontier = [v for u in frontier for v in full.neighbors_undirected(u) if not (v in seen or seen.add(v))]
            return seen

        def dominators(count, edges, root):
            g = rx.PyDiGraph()
            g.add_nodes_from(range(count))
            g.add_edges_from_no_data(edges)
            return rx.immediate_dominators(g, root)

        def chokepoints(b):
            sub, mapping = supply.subgraph_with_nodemap(sorted(rx.ancestors(supply, index[b]) | {index[b]}))
            local = {old: new for new, old in mapping.items()}
            component = {v: i for i, c in enumerate(rx.strongly_connected_components(sub)) for v in c}
            return dominator_count(list(sub.node_indices()), list(sub.edge_list()), local[index[b]], component, dominators)

        def render(f, h):
            sub = full.subgraph(sorted(ball(index[f], h)))
            path = os.path.join(work, "rustworkx.dot")
            sub.to_dot(node_attr=lambda n: {"label": n}, filename=path)
            draw(path)
            return [sub.num_nodes(), sub.num_edges()]

        return {
            "shortest-path": lambda a, b: distance(full, a, b, True),
            "shortest-path-supply": lambda a, b: distance(supply, a, b, False),
            "upstream": lambda a: len(rx.ancestors(supply, index[a])),
            "downstream": lambda a: len(rx.descendants(supply, index[a])),
            "neighbors-2": lambda a: len(ball(index[a], 2)) - 1,
            # rustworkx's cutoff counts nodes; it repeats a path once per parallel edge.
            "simple-paths": lambda a, b, d: len(set(map(tuple, rx.digraph_all_simple_paths(
                supply, index[a], index[b], cutoff=int(d) + 1)))),
            "chokepoints": chokepoints,
            "render": lambda f, h: render(f, int(h)),
        }
    return rx.__version__, load, queries


# ---------------------------------------------------------------------------------------------
def kuzu_tool():
    import kuzu

    def cypher_list(kinds):
        return "[" + ", ".join("'" + k.replace("\\", "\\\\").replace("'", "\\'") + "'" for k in sorted(kinds)) + "]"

    def load():
        path = os.path.join(work, f"kuzu-{time.monotonic_ns()}")  # a new database per run
        connection = kuzu.Connection(kuzu.Database(path))
        connection.execute("CREATE NODE TABLE N(id STRING, kind STRING, name STRING, country STRING, tier INT64, PRIMARY KEY (id))")
        connection.execute("CREATE REL TABLE E(FROM N TO N, id STRING, kind STRING)")
        connection.execute("CREATE REL TABLE S(FROM N TO N)")
        connection.execute(f"COPY N FROM '{NODES}' (header=true)")
        connection.execute(f"COPY E FROM (LOAD FROM '{EDGES}' (header=true) RETURN source, target, id, kind)")
        connection.execute(f"COPY S FROM (LOAD FROM '{EDGES}' (header=true) WHERE kind IN {cypher_list(WITH)} RETURN source, target)")
        connection.execute(f"COPY S FROM (LOAD FROM '{EDGES}' (header=true) WHERE kind IN {cypher_list(AGAINST)} RETURN target, source)")
        return connection

    def queries(connection):
        connection.set_query_timeout(int(budget * 1000))

        def scalar(query, **parameters):
            try:
                result = connection.execute(query, parameters)
            except RuntimeError as error:
                if "timeout" in str(error).lower() or "interrupt" in str(error).lower():
                    raise Timeout() from None
                raise
            return result.get_next()[0] if result.has_next() else None

        def distance(pattern, a, b):
            if a == b:
                return 0  # variable-length patterns start at one edge
            found = scalar(f"MATCH p = (a:N {{id: $a}}){pattern}(b:N {{id: $b}}) RETURN length(p)", a=a, b=b)
            return -1 if found is None else found

        return {
            "shortest-path": lambda a, b: distance("-[:E* SHORTEST 1..30]-", a, b),
            "shortest-path-supply": lambda a, b: distance("-[:S* SHORTEST 1..30]->", a, b),
            "upstream": lambda a: scalar("MATCH (a:N {id: $a})<-[:S* SHORTEST 1..30]-(b:N) WHERE b.id <> $a RETURN count(DISTINCT b)", a=a),
            "downstream": lambda a: scalar("MATCH (a:N {id: $a})-[:S* SHORTEST 1..30]->(b:N) WHERE b.id <> $a RETURN count(DISTINCT b)", a=a),
            "neighbors-2": lambda a: scalar("MATCH (a:N {id: $a})-[:E* SHORTEST 1..2]-(b:N) WHERE b.id <> $a RETURN count(DISTINCT b)", a=a),
            # ACYCLIC can repeat a node through a 2-cycle in Kùzu 0.11 (see the engineering notes): is_acyclic filters.
            "simple-paths": lambda a, b, d: scalar(
                f"MATCH p = (a:N {{id: $a}})-[:S* ACYCLIC 1..{int(d)}]->(b:N {{id: $b}}) WHERE is_acyclic(p) "
                "RETURN count(DISTINCT properties(nodes(p), 'id'))", a=a, b=b),
        }
    return kuzu.__version__, load, queries


# ---------------------------------------------------------------------------------------------
def sqlite_tool():
    import sqlite3

    def load():
        path = os.path.join(work, "graph.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        db = sqlite3.connect(path)
        db.executescript("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE node(id TEXT PRIMARY KEY, kind TEXT, name TEXT, country TEXT, tier INTEGER);
            CREATE TABLE edge(id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL);
            CREATE TABLE flow(kind TEXT PRIMARY KEY, flow TEXT NOT NULL);
        """)
        with db:
            with open(NODES, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                next(reader)
                db.executemany("INSERT INTO node VALUES (?, ?, ?, ?, ?)", reader)
            db.executemany("INSERT INTO edge VALUES (?, ?, ?, ?)", ((i, s, t, k) for s, t, k, i in read_edges()))
            db.executemany("INSERT INTO flow VALUES (?, ?)", flows.items())
            db.executescript("""
                CREATE TABLE supply(s TEXT NOT NULL, t TEXT NOT NULL);
                INSERT INTO supply SELECT CASE f.flow WHEN 'with' THEN e.source ELSE e.target END,
                                          CASE f.flow WHEN 'with' THEN e.target ELSE e.source END
                    FROM edge e JOIN flow f ON f.kind = e.kind WHERE f.flow <> 'none';
                CREATE INDEX edge_out ON edge(source, target);
                CREATE INDEX edge_in ON edge(target, source);
                CREATE INDEX supply_out ON supply(s, t);
                CREATE INDEX supply_in ON supply(t, s);
                CREATE VIEW link(a, b) AS SELECT source, target FROM edge UNION ALL SELECT target, source FROM edge;
            """)
        return db

    def queries(db):
        def scalar(sql, *parameters):
            deadline = time.perf_counter() + budget
            db.set_progress_handler(lambda: time.perf_counter() > deadline, 100_000)
            try:
                row = db.execute(sql, parameters).fetchone()
            except sqlite3.OperationalError as error:
                if "interrupted" in str(error):
                    raise Timeout() from None
                raise
            return None if row is None else row[0]

        # Breadth-first by construction: the recursive CTE's queue is first in, first out. A
        # depth bound keeps it finite; with UNION a node is expanded once per distinct depth.
        def distance(table, a, b):
            found = scalar(f"""
                WITH RECURSIVE walk(n, d) AS (SELECT ?1, 0 UNION
                    SELECT l.b, walk.d + 1 FROM walk JOIN {table} l ON l.a = walk.n WHERE walk.d < 30)
                SELECT d FROM walk WHERE n = ?2 LIMIT 1""", a, b)
            return -1 if found is None else found

        def closure(join):
            return lambda a: scalar(f"""
                WITH RECURSIVE r(n) AS (SELECT ?1 UNION SELECT {join})
                SELECT count(*) - 1 FROM r""", a)

        db.execute("CREATE TEMP VIEW supply_link(a, b) AS SELECT s, t FROM supply")
        return {
            "shortest-path": lambda a, b: distance("link", a, b),
            "shortest-path-supply": lambda a, b: distance("supply_link", a, b),
            "upstream": closure("s.s FROM r JOIN supply s ON s.t = r.n"),
            "downstream": closure("s.t FROM r JOIN supply s ON s.s = r.n"),
            "neighbors-2": lambda a: scalar("""
                WITH RECURSIVE r(n, d) AS (SELECT ?1, 0 UNION SELECT l.b, r.d + 1 FROM r JOIN link l ON l.a = r.n WHERE r.d < 2)
                SELECT count(DISTINCT n) - 1 FROM r""", a),
            "simple-paths": lambda a, b, d: scalar("""
                WITH RECURSIVE p(n, path, d) AS (SELECT ?1, '/' || ?1 || '/', 0 UNION
                    SELECT s.t, p.path || s.t || '/', p.d + 1 FROM p JOIN supply s ON s.s = p.n
                    WHERE p.d < ?3 AND p.n <> ?2 AND instr(p.path, '/' || s.t || '/') = 0)
                SELECT count(*) FROM p WHERE n = ?2""", a, b, int(d)),
        }
    return sqlite3.sqlite_version, load, queries


# ---------------------------------------------------------------------------------------------
def main():
    warnings.simplefilter("ignore")  # igraph warns on every unreachable pair
    version, load, make_queries = globals()[f"{tool}_tool"]()
    imports, loaded = [], None
    for _ in range(runs):
        loaded = None
        start = time.perf_counter()
        loaded = load()
        imports.append(time.perf_counter() - start)
    available = make_queries(loaded)
    results, spent = {}, {}
    with open(queries_file, encoding="utf-8") as f:
        lines = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for name, *arguments in lines:
        if name not in available:
            continue
        entry = results.setdefault(name, {"times": [], "answers": []})
        if spent.get(name, 0) >= budget:
            continue
        start = time.perf_counter()
        try:
            answer = available[name](*arguments)
        except Timeout:
            # One query alone ran past the budget: the kind stops here, and the table says so.
            entry["timeouts"] = entry.get("timeouts", 0) + 1
            spent[name] = budget
            continue
        seconds = time.perf_counter() - start
        spent[name] = spent.get(name, 0) + seconds
        entry["times"].append(seconds)
        entry["answers"].append(answer)
    print(json.dumps({"version": version, "import": imports, "load": None, "queries": results}))
    shutil.rmtree(work, ignore_errors=True)


main()
