"""Would a compact reachability index answer the slow no-path `tiergraph path` queries?

    Benchmarks/.venv/bin/python Benchmarks/reachability_labels.py Benchmarks/data/1000000

GRAIL (Yildirim, Chaoji, Zaki 2010) labels each node of the supply graph with K intervals from
random depth-first post-orders; u can reach v only if v's interval lies inside u's in every one.
For the supply-direction path queries of queries.tsv that have no path (checked with igraph),
this prints the pairs the labels fail to rule out and how many they do. Kept as the evidence
behind BENCHMARKS.md's "why the supply-direction tail remains"; not part of the product.
"""
import csv, random, sys, time
import igraph as ig
D = sys.argv[1]
flow = {'supplies': 1, 'manufactures': 1, 'designs': 1, 'orders': -1, 'depends_on': -1}
idx = {}
def key(s):
    k = idx.get(s)
    if k is None: k = idx[s] = len(idx)
    return k
src, dst = [], []
t = time.time()
with open(D + '/edges.csv') as f:
    r = csv.reader(f); next(r)
    for row in r:
        fl = flow.get(row[3], 0)
        if fl == 0: continue
        a, b = key(row[1]), key(row[2])
        if fl < 0: a, b = b, a
        src.append(a); dst.append(b)
n = len(idx)
print('read', n, len(src), time.time() - t, flush=True)
adj = [[] for _ in range(n)]
indeg = [0] * n
for a, b in zip(src, dst):
    adj[a].append(b); indeg[b] += 1
roots = [v for v in range(n) if indeg[v] == 0]
K = 5
labels = []
for k in range(K):
    rnd = random.Random(k)
    post = [0] * n; low = [0] * n; seen = bytearray(n); counter = 0
    order = roots[:]; rnd.shuffle(order)
    for r0 in order:
        if seen[r0]: continue
        seen[r0] = 1
        stack = [(r0, iter(rnd.sample(adj[r0], len(adj[r0]))))]
        mins = [10**9]
        while stack:
            v, it = stack[-1]
            w = next(it, None)
            if w is None:
                stack.pop()
                m = mins.pop()
                counter += 1; post[v] = counter; low[v] = min(m, counter)
                if mins: mins[-1] = min(mins[-1], low[v])
            elif not seen[w]:
                seen[w] = 1
                stack.append((w, iter(rnd.sample(adj[w], len(adj[w])))))
                mins.append(10**9)
            else:
                mins[-1] = min(mins[-1], low[w])
    labels.append((low, post))
    print('label', k, time.time() - t, flush=True)
def may(u, v):
    return all(low[u] <= low[v] and post[v] <= post[u] for low, post in labels)
g = ig.Graph(n=n, edges=list(zip(src, dst)), directed=True)
cut = tot = 0
for line in open(D + '/queries.tsv'):
    f = line.rstrip('\n').split('\t')
    if f[0] != 'shortest-path-supply': continue
    u, v = idx.get(f[1]), idx.get(f[2])
    if u is None or v is None: continue
    reach = v in set(g.subcomponent(u, mode='out'))
    if not reach:
        tot += 1
        if not may(u, v): cut += 1
        else: print('not cut', f[1], f[2], [(l[u] <= l[v], p[v] <= p[u]) for l, p in labels])
print('no-path pairs', tot, 'cut at the root by', K, 'labels:', cut)
