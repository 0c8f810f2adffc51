extension GraphQuery {
    /// The single points of failure upstream of `target`: nodes whose loss cuts it off from
    /// every source of supply, closest first (by upstream tier).
    ///
    /// The sources of supply are the nodes of `target`'s upstream that nothing else feeds: nodes
    /// with no upstream, and closed cycles that feed themselves (the source components of the
    /// upstream's condensation). A virtual root feeds them all; the chokepoints are the
    /// dominators of `target` from that root (Cooper, Harvey and Kennedy's iterative algorithm),
    /// excluding the root and `target`. A node with no upstream has none.
    ///
    /// Complexity: O(n + m) over the upstream of `target`, times the (small, in practice) number
    /// of passes the dominator iteration needs.
    public func chokepoints(of target: String) throws -> [TieredNode] {
        let x = try node(target)
        let members = [x] + reach(from: x, direction: .upstream, depth: nil)
        var number = [Int32: Int32](minimumCapacity: members.count)
        for (offset, v) in members.enumerated() { number[v] = Int32(offset) }
        var supply: [(Int32, Int32)] = []
        for v in members {
            snapshot.forEachNeighbor(of: v, .downstream) { w, _ in
                if let buyer = number[w] { supply.append((number[v]!, buyer)) }
            }
        }
        let marks = snapshot.marks  // still the walk's tiers and edges: no walk since
        return Self.dominatorChain(count: members.count, supply: supply).map { local in
            let v = Int(members[Int(local)])
            return TieredNode(id: snapshot.nodeIDs[v], tier: Int(marks.tier[v]), viaEdge: snapshot.edgeIDs[Int(marks.via[v])])
        }
    }

    /// The dominators of a target from a virtual root that feeds the source components of its
    /// upstream, closest first. Nodes are numbered `0..<count`: `0` is the target, the others
    /// its upstream; `supply` lists (supplier, buyer) pairs among them. Shared by the in-memory
    /// and the file-backed engines, which number the nodes their own way.
    static func dominatorChain(count members: Int, supply: [(supplier: Int32, buyer: Int32)]) -> [Int32] {
        guard members > 1 else { return [] }
        // Here node 0 is the virtual root and member m is m + 1, so the target is 1.
        let count = members + 1
        var from = supply.map { $0.supplier + 1 }, to = supply.map { $0.buyer + 1 }
        let sources = sourceComponents(
            count: count, successors: Adjacency(nodeCount: count, from: from, to: to),
            predecessors: Adjacency(nodeCount: count, from: to, to: from))
        for component in sources {
            from += [Int32](repeating: 0, count: component.count)
            to += component.map(Int32.init)
        }
        let idom = immediateDominators(
            count: count, successors: Adjacency(nodeCount: count, from: from, to: to),
            predecessors: Adjacency(nodeCount: count, from: to, to: from))
        var chain: [Int32] = []
        var v = idom[1]
        while v > 0 {
            chain.append(Int32(v - 1))
            v = idom[v]
        }
        return chain
    }

    /// The strongly connected components (of nodes 1..<count) that no other component feeds.
    /// Tarjan's algorithm, iterative so that long chains cannot overflow the stack.
    static func sourceComponents(count: Int, successors: Adjacency, predecessors: Adjacency) -> [[Int]] {
        var index = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count), component = [Int](repeating: -1, count: count)
        var stack: [Int] = [], components: [[Int]] = [], counter = 0
        for start in 1..<count where index[start] < 0 {
            var work: [(node: Int, next: Int)] = [(start, 0)]
            index[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            while let (v, next) = work.last {
                if next < successors.degree(v) {
                    work[work.count - 1].next += 1
                    let w = successors.neighbor(v, next)
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                if low[v] == index[v] {
                    var members: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component[w] = components.count
                        members.append(w)
                        if w == v { break }
                    }
                    components.append(members.sorted())
                }
            }
        }
        return components.enumerated().filter { id, members in
            !members.contains { v in predecessors.neighbors(of: v).contains { $0 != 0 && component[Int($0)] != id } }
        }.map(\.element)
    }

    /// Immediate dominators from node 0; -1 for nodes node 0 does not reach.
    static func immediateDominators(count: Int, successors: Adjacency, predecessors: Adjacency) -> [Int] {
        // Reverse postorder from the root, iteratively.
        var order: [Int] = [], visited = [Bool](repeating: false, count: count)
        var work: [(node: Int, next: Int)] = [(0, 0)]
        visited[0] = true
        while let (v, next) = work.last {
            if next < successors.degree(v) {
                work[work.count - 1].next += 1
                let w = successors.neighbor(v, next)
                if !visited[w] { visited[w] = true; work.append((w, 0)) }
            } else {
                order.append(v)
                work.removeLast()
            }
        }
        order.reverse()
        var position = [Int](repeating: -1, count: count)
        for (rank, v) in order.enumerated() { position[v] = rank }
        var idom = [Int](repeating: -1, count: count)
        idom[0] = 0
        func intersect(_ a: Int, _ b: Int) -> Int {
            var a = a, b = b
            while a != b {
                while position[a] > position[b] { a = idom[a] }
                while position[b] > position[a] { b = idom[b] }
            }
            return a
        }
        var changed = true
        while changed {
            changed = false
            for v in order.dropFirst() {
                var candidate = -1
                for p in predecessors.neighbors(of: v).lazy.map(Int.init) where idom[p] >= 0 {
                    candidate = candidate < 0 ? p : intersect(p, candidate)
                }
                if candidate >= 0 && idom[v] != candidate {
                    idom[v] = candidate
                    changed = true
                }
            }
        }
        idom[0] = -1
        return idom
    }
}
