import Foundation

extension GraphQuery {
    /// The `k` shortest loopless paths from `start` to `end` (Yen's algorithm), cheapest first.
    ///
    /// Hops use breadth-first search; other weights Dijkstra's algorithm with a binary heap
    /// (O((n + m) log n) per search; Yen runs up to k × length searches). Ties are broken by the
    /// nodes' and edges' ids, so the answer is deterministic. `start == end` gives the path of
    /// length zero. No path gives an empty array. Once `deadline` has passed, the paths found so
    /// far are returned (fewer than `k`).
    public func shortestPaths(
        from start: String, to end: String, direction: Direction = .downstream, weight: Weight = .hops, k: Int = 1,
        deadline: Deadline = .never
    ) throws -> [Path] {
        try kShortestPaths(from: start, to: end, direction: direction, weight: weight, k: k, deadline: deadline).paths
    }

    /// ``shortestPaths(from:to:direction:weight:k:deadline:)``, and whether the deadline stopped it.
    func kShortestPaths(
        from start: String, to end: String, direction: Direction, weight: Weight, k: Int, deadline: Deadline
    ) throws -> (paths: [Path], timedOut: Bool) {
        let source = try node(start), target = try node(end)
        guard k > 0 else { return ([], false) }
        if source == target { return ([path([source], [], cost: 0)], false) }
        let costs = try edgeCosts(weight)
        var banned = Banned(nodes: Set(), edges: Set())
        guard let first = try cheapest(from: source, to: target, direction: direction, costs: costs, banned: banned) else { return ([], false) }
        var found = [first]
        var candidates: [Route] = []
        var timedOut = false
        while found.count < k {
            if deadline.hasPassed {
                timedOut = true
                break
            }
            let previous = found[found.count - 1]
            for spurIndex in 0..<(previous.nodes.count - 1) {
                let rootNodes = Array(previous.nodes[...spurIndex])
                let rootEdges = Array(previous.edges[..<spurIndex])
                banned = Banned(nodes: Set(rootNodes.dropLast()), edges: Set())
                for route in found where route.nodes.count > spurIndex && Array(route.nodes[...spurIndex]) == rootNodes {
                    banned.edges.insert(route.edges[spurIndex])
                }
                guard let spur = try cheapest(from: rootNodes[spurIndex], to: target, direction: direction, costs: costs, banned: banned)
                else { continue }
                let rootCost = rootEdges.reduce(0) { $0 + (costs?[Int($1)] ?? 1) }
                let candidate = Route(nodes: rootNodes.dropLast() + spur.nodes, edges: rootEdges + spur.edges, cost: rootCost + spur.cost)
                if !candidates.contains(candidate) && !found.contains(candidate) { candidates.append(candidate) }
            }
            guard let best = candidates.indices.min(by: { routeOrder(candidates[$0], candidates[$1]) }) else { break }
            found.append(candidates.remove(at: best))
        }
        return (found.map { path($0.nodes, $0.edges, cost: $0.cost) }, timedOut)
    }

    /// Every simple path from `start` to `end` of at most `maxDepth` edges, in depth-first order
    /// (neighbours by id), stopping after `limit` paths or once `deadline` has passed. Parallel
    /// edges give separate paths.
    /// - Returns: the paths, and whether the limit or the deadline cut the search short.
    public func simplePaths(
        from start: String, to end: String, direction: Direction = .downstream, maxDepth: Int, limit: Int = 1000,
        deadline: Deadline = .never
    ) throws -> (paths: [Path], truncated: Bool) {
        let search = SimplePathSearch<Int32, Int32>(
            forEachNeighbor: { u, body in try snapshot.forEachNeighbor(of: u, direction, body) },
            passable: { passable[Int($0)] })
        let found = try search.run(from: try node(start), to: try node(end), maxDepth: maxDepth, limit: limit, deadline: deadline)
        return (found.paths.map { path($0.nodes, $0.edges, cost: Double($0.edges.count)) }, found.truncated)
    }

    // MARK: Internals

    /// A path in dense indices.
    struct Route: Equatable {
        var nodes: [Int32]
        var edges: [Int32]
        var cost: Double
    }

    struct Banned {
        var nodes: Set<Int32>
        var edges: Set<Int32>
    }

    /// Cheaper first; then fewer edges; then by node ids, then by edge order.
    func routeOrder(_ a: Route, _ b: Route) -> Bool {
        if a.cost != b.cost { return a.cost < b.cost }
        if a.edges.count != b.edges.count { return a.edges.count < b.edges.count }
        let aNodes = a.nodes.map { snapshot.nodeIDs[Int($0)] }, bNodes = b.nodes.map { snapshot.nodeIDs[Int($0)] }
        if aNodes != bNodes { return aNodes.lexicographicallyPrecedes(bNodes) }
        return a.edges.lexicographicallyPrecedes(b.edges)
    }

    /// The cost of each edge under `weight` (infinity where the edge cannot be used), or nil
    /// for hops, where every edge costs 1.
    func edgeCosts(_ weight: Weight) throws -> [Double]? {
        switch weight {
        case .hops:
            return nil
        case .share:
            return snapshot.edgeShares.map { $0.isNaN || $0 <= 0 ? .infinity : -Foundation.log($0) }
        case .volume:
            return try snapshot.edgeVolumes.enumerated().map { edge, volume in
                guard !volume.isNaN else { return .infinity }
                guard volume >= 0 else { throw QueryError("edge \(snapshot.edgeIDs[edge]) has a negative volume; path weights must not be negative") }
                return volume
            }
        case .property(let name):
            return try snapshot.edgeProperty(name).enumerated().map { edge, number in
                guard !number.isNaN else { return .infinity }
                guard number >= 0 else { throw QueryError("edge \(snapshot.edgeIDs[edge]) has \(name) \(JSONValue.format(number)); path weights must not be negative") }
                return number
            }
        }
    }

    /// The cheapest route from `source` to `target`: by hops (``BidirectionalSearch``, the one
    /// the file-backed path runs) when `costs` is nil, else Dijkstra's algorithm.
    func cheapest(from source: Int32, to target: Int32, direction: Direction, costs: [Double]?, banned: Banned) throws -> Route? {
        guard let costs else {
            let graph = SnapshotAdjacency(self, banning: banned.nodes.isEmpty && banned.edges.isEmpty ? nil : banned)
            let search = BidirectionalSearch(graph: graph, direction: direction, forwardMarks: snapshot.marks, backwardMarks: snapshot.backMarks)
            return try search.run(from: source, to: target).map { Route(nodes: $0.nodes, edges: $0.edges, cost: Double($0.edges.count)) }
        }
        var distance = [Double](repeating: .infinity, count: snapshot.nodeCount)
        var via = [Int32](repeating: -1, count: snapshot.nodeCount)
        var done = [Bool](repeating: false, count: snapshot.nodeCount)
        distance[Int(source)] = 0
        var heap = MinHeap()
        heap.push(0, source)
        while let (cost, u) = heap.pop() {
            if done[Int(u)] { continue }
            done[Int(u)] = true
            if u == target { break }
            snapshot.forEachNeighbor(of: u, direction) { v, edge in
                let step = costs[Int(edge)]
                guard step.isFinite, !done[Int(v)], passable[Int(v)] || v == target,
                    !banned.nodes.contains(v), !banned.edges.contains(edge)
                else { return }
                let total = cost + step
                if total < distance[Int(v)] {
                    distance[Int(v)] = total
                    via[Int(v)] = edge
                    heap.push(total, v)
                }
            }
        }
        guard distance[Int(target)].isFinite else { return nil }
        return route(to: target, from: source, via: via, cost: distance[Int(target)])
    }

    /// Follows `via` back from `target` to `source`.
    private func route(to target: Int32, from source: Int32, via: [Int32], cost: Double) -> Route {
        var nodes = [target], edges: [Int32] = []
        var v = target
        while v != source {
            let edge = via[Int(v)]
            edges.append(edge)
            v = snapshot.otherEnd(of: edge, from: v)
            nodes.append(v)
        }
        return Route(nodes: nodes.reversed(), edges: edges.reversed(), cost: cost)
    }
}

/// A binary min-heap of (cost, node), ties broken by node index.
struct MinHeap {
    private var items: [(Double, Int32)] = []

    private static func less(_ a: (Double, Int32), _ b: (Double, Int32)) -> Bool {
        a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    mutating func push(_ cost: Double, _ node: Int32) {
        items.append((cost, node))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard MinHeap.less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        items[0] = items[items.count - 1]
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && MinHeap.less(items[left], items[smallest]) { smallest = left }
            if right < items.count && MinHeap.less(items[right], items[smallest]) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
