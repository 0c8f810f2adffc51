"""Reference answers from networkx for Tiergraph's query tests.

Reads a graph and a list of questions as JSON on stdin, prints the answers as JSON on stdout.
The supply graph follows each edge kind's flow: "with" source -> target, "against"
target -> source, "none" not at all; "any" queries use every edge both ways.
"""
import json
import math
import sys

import networkx as nx

task = json.load(sys.stdin)
flows = task["flows"]
supply = nx.MultiDiGraph()
anyway = nx.MultiGraph()
supply.add_nodes_from(task["nodes"])
anyway.add_nodes_from(task["nodes"])
for edge in task["edges"]:
    eid, source, target, kind, share = edge["id"], edge["source"], edge["target"], edge["kind"], edge["share"]
    weight = -math.log(share) if share is not None and share > 0 else None
    anyway.add_edge(source, target, key=eid, w=weight)
    if flows[kind] == "with":
        supply.add_edge(source, target, key=eid, w=weight)
    elif flows[kind] == "against":
        supply.add_edge(target, source, key=eid, w=weight)


def hops(graph, a, b):
    try:
        return nx.shortest_path_length(graph, a, b)
    except nx.NetworkXNoPath:
        return None


def share_cost(a, b):
    usable = nx.MultiDiGraph((u, v, k, d) for u, v, k, d in supply.edges(keys=True, data=True) if d["w"] is not None)
    usable.add_nodes_from(supply.nodes)
    try:
        return nx.dijkstra_path_length(usable, a, b, weight="w")
    except nx.NetworkXNoPath:
        return None


def chokepoints(x):
    upstream = nx.ancestors(supply, x)
    if not upstream:
        return []
    members = upstream | {x}
    sub = nx.DiGraph(supply.subgraph(members))
    condensed = nx.condensation(sub)
    root = ("root",)
    sub.add_node(root)
    for component in condensed.nodes:
        if condensed.in_degree(component) == 0:
            for v in condensed.nodes[component]["members"]:
                sub.add_edge(root, v)
    idom = nx.immediate_dominators(sub, root)
    chain, v = [], idom[x]
    while v != root:
        chain.append(v)
        v = idom[v]
    return chain


answers = []
for q in task["questions"]:
    a, b = q.get("a"), q.get("b")
    kind = q["kind"]
    if kind == "hops":
        answers.append(hops(supply, a, b))
    elif kind == "hops_any":
        answers.append(hops(anyway, a, b))
    elif kind == "share":
        answers.append(share_cost(a, b))
    elif kind == "simple":
        paths = nx.all_simple_paths(supply, a, b, cutoff=q["depth"]) if a != b else [[a]]
        answers.append(sorted(paths))
    elif kind == "k_shortest":
        simple = nx.DiGraph(supply)
        lengths = []
        try:
            for path in nx.shortest_simple_paths(simple, a, b):
                lengths.append(len(path) - 1)
                if len(lengths) == q["k"]:
                    break
        except nx.NetworkXNoPath:
            pass
        answers.append(lengths)
    elif kind == "downstream":
        answers.append({v: d for v, d in nx.single_source_shortest_path_length(supply, a).items() if v != a})
    elif kind == "upstream":
        answers.append({v: d for v, d in nx.single_source_shortest_path_length(supply.reverse(copy=False), a).items() if v != a})
    elif kind == "neighbors":
        answers.append({v: d for v, d in nx.single_source_shortest_path_length(anyway, a, cutoff=q["hops"]).items() if v != a})
    elif kind == "chokepoints":
        answers.append(chokepoints(a))
json.dump(answers, sys.stdout)
