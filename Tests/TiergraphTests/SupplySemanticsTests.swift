import XCTest
@testable import Tiergraph

/// Supply semantics: required inputs, alternative suppliers, gates, closed cycles. Every answer
/// of `chokepoints` and `impact`, in both engines, is held to a reference written as plainly as
/// the rule reads (remove the candidate, recompute supply by fixed point).
final class SupplySemanticsTests: XCTestCase {
    /// One supply or gate edge of a test graph: goods (or a permission) from `supplier` to `buyer`.
    struct Link {
        var id: String
        var supplier: Int
        var buyer: Int
        var kind: String  // supplies / manufactures / orders (stored buyer → seller) / licenses (a gate)
        var input: String?
        var share: Double?
    }

    /// The rule, written plainly: the supplied nodes, given who is removed.
    struct Reference {
        let count: Int
        let links: [Link]

        /// Requirements of each node: supply links grouped by input (else kind); each gate apart.
        func requirements(of v: Int, without cut: Set<String> = []) -> [[Int]] {
            var groups: [String: [Int]] = [:]
            for link in links where link.buyer == v {
                let key = link.kind == "licenses" ? "gate \(link.input ?? link.kind) \(link.supplier)" : (link.input ?? link.kind)
                groups[key, default: []] += cut.contains(link.id) ? [] : [link.supplier]
            }
            return Array(groups.values)
        }

        /// Sources: no requirement, or in a strongly connected component that nothing outside feeds.
        func sources() -> Set<Int> {
            var reach = [[Bool]](repeating: [Bool](repeating: false, count: count), count: count)
            for link in links { reach[link.supplier][link.buyer] = true }
            for k in 0..<count { for i in 0..<count where reach[i][k] { for j in 0..<count where reach[k][j] { reach[i][j] = true } } }
            var result = Set<Int>()
            for v in 0..<count {
                let component = Set((0..<count).filter { $0 == v || (reach[v][$0] && reach[$0][v]) })
                if links.filter({ component.contains($0.buyer) }).allSatisfy({ component.contains($0.supplier) }) { result.insert(v) }
            }
            return result
        }

        func supplied(removing removed: Set<Int> = [], cutting cut: Set<String> = []) -> Set<Int> {
            var supplied = sources().subtracting(removed)
            var changed = true
            while changed {
                changed = false
                for v in 0..<count where !supplied.contains(v) && !removed.contains(v) {
                    if requirements(of: v, without: cut).allSatisfy({ $0.contains { supplied.contains($0) } }) {
                        supplied.insert(v)
                        changed = true
                    }
                }
            }
            return supplied
        }
    }

    /// Writes the graph (nodes n00…; edges stored as their kind's flow wants) and returns a store.
    private func store(_ scratch: Scratch, count: Int, links: [Link], name: String = "g") throws -> GraphStore {
        var nodes = "id,kind,country\n"
        for v in 0..<count { nodes += String(format: "n%02d,company,%@\n", v, ["CN", "US", "TW"][v % 3]) }
        var edges = "id,source,target,kind,input,share\n"
        for link in links {
            let (source, target) = link.kind == "orders" ? (link.buyer, link.supplier) : (link.supplier, link.buyer)
            edges += String(format: "%@,n%02d,n%02d,%@,%@,%@\n", link.id, source, target, link.kind, link.input ?? "",
                            link.share.map { "\($0)" } ?? "")
        }
        let store = try scratch.store("\(name).db")
        _ = try store.importFiles([try scratch.write("\(name)/nodes.csv", nodes), try scratch.write("\(name)/edges.csv", edges)])
        return store
    }

    private func randomLinks(_ random: inout SplitMix64, count: Int, edges: Int) -> [Link] {
        let kinds = ["supplies", "supplies", "manufactures", "orders", "licenses"]
        let inputs: [String?] = [nil, nil, "chips", "tools"]
        return (0..<edges).map { index in
            var a = Int(random.next() % UInt64(count)), b = Int(random.next() % UInt64(count))
            if random.next() % 100 >= 15 && a > b { swap(&a, &b) }  // mostly downhill, some cycles, some self-loops
            let share: Double? = random.next() % 2 == 0 ? Double(1 + random.next() % 100) / 100 : nil
            return Link(id: "x\(index)", supplier: a, buyer: b, kind: kinds[Int(random.next() % UInt64(kinds.count))],
                        input: inputs[Int(random.next() % UInt64(inputs.count))], share: share)
        }
    }

    func testChokepointsAndImpactEqualTheReferenceOnRandomAndOrGraphs() throws {
        let scratch = try Scratch()
        var random = SplitMix64(seed: 14)
        var nonEmpty = 0, cut = 0, partial = 0
        for graph in 0..<200 {
            let count = 6 + Int(random.next() % 10)
            let links = randomLinks(&random, count: count, edges: count + Int(random.next() % UInt64(2 * count)))
            let reference = Reference(count: count, links: links)
            let store = try store(scratch, count: count, links: links, name: "g\(graph)")
            let query = try GraphQuery(store: store)
            let id = { (v: Int) in String(format: "n%02d", v) }
            let before = reference.supplied()
            for x in 0..<count {
                let expected = before.contains(x)
                    ? (0..<count).filter { $0 != x && !reference.supplied(removing: [$0]).contains(x) }.map(id).sorted() : []
                let fromFile = try store.chokepoints(of: id(x))
                let inMemory = try query.chokepoints(of: id(x))
                XCTAssertEqual(fromFile, inMemory, "graph \(graph): engines differ on \(id(x))")
                XCTAssertEqual(inMemory.supplied, expected.isEmpty ? before.contains(x) : true, "graph \(graph) \(id(x))")
                XCTAssertEqual(inMemory.chokepoints.map(\.id).sorted(), expected, "graph \(graph): chokepoints of \(id(x))")
                if !expected.isEmpty { nonEmpty += 1 }
                // Removing one node: who loses all supply.
                let after = reference.supplied(removing: [x])
                let losesAll = before.subtracting(after).subtracting([x]).map(id).sorted()
                let report = try query.impact(removingNodes: [id(x)])
                XCTAssertEqual(report.losesAll.map(\.id).sorted(), losesAll, "graph \(graph): impact of removing \(id(x))")
                XCTAssertEqual(try store.impact(removingNodes: [id(x)]), report, "graph \(graph): engines differ on impact of \(id(x))")
                // Loses part: still supplied, but some supplier it had (supplied before) is gone.
                let losesPart = (0..<count).filter { v in
                    v != x && after.contains(v) && reference.links.contains { link in
                        link.buyer == v && before.contains(link.supplier) && (link.supplier == x || !after.contains(link.supplier))
                    }
                }.map(id).sorted()
                XCTAssertEqual(report.losesSome.map(\.id).sorted(), losesPart, "graph \(graph): who loses part when \(id(x)) goes")
                for loss in report.losesSome { XCTAssertFalse(loss.inputs.isEmpty) }
                cut += losesAll.count
                partial += report.losesSome.count
            }
            // Avoiding a node is removing it, in both engines and for both questions.
            let y = Int(random.next() % UInt64(count))
            let avoid = QueryFilter(avoid: [id(y)])
            let withoutY = reference.supplied(removing: [y])
            for x in 0..<count where x != y {
                let expected = withoutY.contains(x)
                    ? (0..<count).filter { $0 != x && $0 != y && !reference.supplied(removing: [$0, y]).contains(x) }.map(id).sorted() : []
                let inMemory = try GraphQuery(store: store, filter: avoid).chokepoints(of: id(x))
                XCTAssertEqual(try store.chokepoints(of: id(x), filter: avoid), inMemory, "graph \(graph): engines differ avoiding \(id(y))")
                XCTAssertEqual(inMemory.chokepoints.map(\.id).sorted(), expected, "graph \(graph): chokepoints of \(id(x)) avoiding \(id(y))")
                let lost = withoutY.subtracting(reference.supplied(removing: [x, y])).subtracting([x]).map(id).sorted()
                XCTAssertEqual(try store.impact(removingNodes: [id(x)], filter: avoid).losesAll.map(\.id).sorted(), lost,
                               "graph \(graph): impact of \(id(x)) avoiding \(id(y))")
            }
            // Removing one edge and a group.
            if let link = links.first {
                let losesAll = before.subtracting(reference.supplied(cutting: [link.id])).map(id).sorted()
                XCTAssertEqual(try query.impact(removingNodes: [], edges: [link.id]).losesAll.map(\.id).sorted(), losesAll,
                               "graph \(graph): impact of cutting \(link.id)")
            }
            // The group without the target itself (which would cut it trivially).
            let x = count - 1
            let taiwan = Set((0..<count).filter { $0 % 3 == 2 && $0 != x })
            let groupCuts = before.contains(x) && !reference.supplied(removing: taiwan).contains(x)
            let groups = try store.chokepoints(of: id(x), groupingBy: .country).groups ?? []
            XCTAssertEqual(groups.contains { $0.value == "TW" }, groupCuts, "graph \(graph): TW as a group chokepoint of \(id(x))")
        }
        // Not vacuous.
        XCTAssertGreaterThan(nonEmpty, 200)
        XCTAssertGreaterThan(cut, 200)
        XCTAssertGreaterThan(partial, 100)
    }

    /// Suppliers of a node's suppliers are found in any order: z_i needs z_{i+1} or p_i, the last
    /// z needs two long chains' ends. No single point of failure, whatever the order.
    func testAlternativesReachedInAnyOrder() throws {
        let scratch = try Scratch()
        let chain = 30
        var links: [Link] = []
        // Nodes: z0…z9 = 0…9, p chain 10…(10+chain), q chain after it.
        let p = 10, q = 10 + chain + 1
        for i in 0..<chain { links.append(Link(id: "p\(i)", supplier: p + i + 1, buyer: p + i, kind: "supplies", input: nil, share: nil)) }
        for i in 0..<chain { links.append(Link(id: "q\(i)", supplier: q + i + 1, buyer: q + i, kind: "supplies", input: nil, share: nil)) }
        for i in 0..<9 {
            links.append(Link(id: "z\(i)", supplier: i + 1, buyer: i, kind: "supplies", input: nil, share: nil))
            links.append(Link(id: "zp\(i)", supplier: p + 3 * i, buyer: i, kind: "supplies", input: nil, share: nil))
        }
        links.append(Link(id: "zpl", supplier: p, buyer: 9, kind: "supplies", input: nil, share: nil))
        links.append(Link(id: "zql", supplier: q, buyer: 9, kind: "supplies", input: nil, share: nil))
        let count = q + chain + 1
        let store = try store(scratch, count: count, links: links)
        let reference = Reference(count: count, links: links)
        let expected = (1..<count).filter { !reference.supplied(removing: [$0]).contains(0) }.map { String(format: "n%02d", $0) }
        XCTAssertEqual(try store.chokepoints(of: "n00").chokepoints.map(\.id).sorted(), expected)
        XCTAssertEqual(try GraphQuery(store: store).chokepoints(of: "n00"), try store.chokepoints(of: "n00"))
    }

    /// The reviewer's cases: a closed cycle avoided or cut, impact with a filter downstream,
    /// edges that supply nothing, numeric and boolean groups.
    func testFiltersEdgesAndGroupsAreConsistent() throws {
        let scratch = try Scratch()
        // n00 ⇄ n01 closed, feeding n02; n03 → n04 → n05 → n06.
        let store = try store(scratch, count: 7, links: [
            Link(id: "a", supplier: 0, buyer: 1, kind: "supplies", input: nil, share: nil),
            Link(id: "b", supplier: 1, buyer: 0, kind: "supplies", input: nil, share: nil),
            Link(id: "c", supplier: 0, buyer: 2, kind: "supplies", input: nil, share: nil),
            Link(id: "d", supplier: 3, buyer: 4, kind: "supplies", input: nil, share: nil),
            Link(id: "e", supplier: 4, buyer: 5, kind: "supplies", input: nil, share: nil),
            Link(id: "f", supplier: 5, buyer: 6, kind: "supplies", input: nil, share: nil),
        ])
        XCTAssertEqual(try store.chokepoints(of: "n02").chokepoints.map(\.id), ["n00"])
        XCTAssertEqual(try store.chokepoints(of: "n02", filter: QueryFilter(avoid: ["n01"])).chokepoints.map(\.id), ["n00"],
                       "avoiding a member of a closed cycle is removing it: the other stays a source")
        XCTAssertEqual(try store.impact(removingNodes: ["n01"]).losesAll, [])
        // Downstream of the removal the filter holds too: an avoided node was never supplied.
        XCTAssertEqual(try store.impact(removingNodes: ["n04"], filter: QueryFilter(avoid: ["n05"])).losesAll, [])
        XCTAssertEqual(try store.impact(removingNodes: ["n04"]).losesAll.map(\.id), ["n05", "n06"])
        XCTAssertThrowsError(try store.impact(removingNodes: [], edges: ["d"], filter: QueryFilter(edgeKinds: ["orders"]))) { error in
            XCTAssertTrue("\(error)".contains("not a supply or gate edge"), "\(error)")
        }
        XCTAssertThrowsError(try GraphQuery(store: store, filter: QueryFilter(edgeKinds: ["orders"])).impact(removingNodes: [], edges: ["d"])) { error in
            XCTAssertTrue("\(error)".contains("not a supply or gate edge"), "both engines say so: \(error)")
        }
        try store.write { writer in
            try writer.write(Node(id: "n03", kind: "company", properties: ["tier": 2, "listed": true]))
            try writer.write(Node(id: "n04", kind: "company", properties: ["tier": 2, "listed": false]))
        }
        XCTAssertEqual(try store.nodeIDs(where: .property("tier"), is: "2"), ["n03", "n04"])
        XCTAssertEqual(try store.nodeIDs(where: .property("listed"), is: "true"), ["n03"])
        XCTAssertEqual(try store.nodeIDs(where: .kind, is: "Company").count, 7)
        XCTAssertThrowsError(try store.nodeIDs(where: .country, is: "XX")) { error in
            XCTAssertTrue("\(error)".contains("known ones are CN, TW, US"), "\(error)")
        }
        XCTAssertEqual(try store.chokepoints(of: "n06", groupingBy: .property("tier")).groups?.map(\.value), ["2"])
    }

    /// A chip needs a design, a fab and HBM: the fab has one supplier (a chokepoint), HBM two (none).
    func testAChipNeedsEveryInputAndAnyOneSupplierOfEach() throws {
        let scratch = try Scratch()
        let store = try store(scratch, count: 5, links: [
            Link(id: "d", supplier: 1, buyer: 0, kind: "designs", input: nil, share: nil),
            Link(id: "f", supplier: 2, buyer: 0, kind: "manufactures", input: nil, share: nil),
            Link(id: "h1", supplier: 3, buyer: 0, kind: "supplies", input: "HBM", share: 0.6),
            Link(id: "h2", supplier: 4, buyer: 0, kind: "supplies", input: "HBM", share: 0.4),
        ])
        let report = try store.chokepoints(of: "n00")
        XCTAssertEqual(report.chokepoints.map(\.id), ["n01", "n02"])
        XCTAssertEqual(report.chokepoints.map(\.inputs), [["designs"], ["manufactures"]])
        let impact = try store.impact(removingNodes: ["n03"])
        XCTAssertEqual(impact.losesAll, [])
        let loss = try XCTUnwrap(impact.losesSome.first)
        XCTAssertEqual(loss.id, "n00")
        XCTAssertEqual(loss.inputs.map(\.input), ["HBM"])
        XCTAssertEqual(loss.inputs.first?.lost, ["n03"])
        XCTAssertEqual(loss.inputs.first?.suppliers, 2)
        XCTAssertEqual(try XCTUnwrap(loss.inputs.first?.shareLost?.low), 0.6, accuracy: 1e-9)
        XCTAssertEqual(try store.impact(removingNodes: ["n03", "n04"]).losesAll.map(\.inputs.first?.input), ["HBM"])
    }

    /// A closed cycle counts as a source; a cycle with a way in needs that way.
    func testCyclesThatFeedThemselves() throws {
        let scratch = try Scratch()
        // n00 ⇄ n01 closed, feeding n02; n03 → n04 ⇄ n05 → n06 (the cycle needs n03).
        let store = try store(scratch, count: 7, links: [
            Link(id: "a", supplier: 0, buyer: 1, kind: "supplies", input: nil, share: nil),
            Link(id: "b", supplier: 1, buyer: 0, kind: "supplies", input: nil, share: nil),
            Link(id: "c", supplier: 1, buyer: 2, kind: "supplies", input: nil, share: nil),
            Link(id: "d", supplier: 3, buyer: 4, kind: "supplies", input: "raw", share: nil),
            Link(id: "e", supplier: 5, buyer: 4, kind: "supplies", input: "parts", share: nil),
            Link(id: "f", supplier: 4, buyer: 5, kind: "supplies", input: nil, share: nil),
            Link(id: "g", supplier: 5, buyer: 6, kind: "supplies", input: nil, share: nil),
        ])
        XCTAssertEqual(try store.chokepoints(of: "n02").chokepoints.map(\.id), ["n01"], "n00 is a source of its own")
        let deadlocked = try store.chokepoints(of: "n06")
        XCTAssertFalse(deadlocked.supplied, "n04 needs parts from n05, which needs n04: it never starts")
        XCTAssertEqual(deadlocked.chokepoints, [])
        XCTAssertEqual(try store.chokepoints(of: "n04").unmetInputs, ["parts"])
    }

    /// A gate is a requirement of its own: removing the authority cuts what it gates, nothing else.
    func testAGateRemovedCutsWhatItGatesOnly() throws {
        let scratch = try Scratch()
        // n01 (a government) licenses the route into n02; n03 supplies n02 and n04.
        let store = try store(scratch, count: 5, links: [
            Link(id: "l", supplier: 1, buyer: 2, kind: "licenses", input: "H200", share: nil),
            Link(id: "s", supplier: 3, buyer: 2, kind: "supplies", input: "H200", share: nil),
            Link(id: "t", supplier: 3, buyer: 4, kind: "supplies", input: nil, share: nil),
            Link(id: "u", supplier: 0, buyer: 3, kind: "supplies", input: nil, share: nil),
        ])
        let impact = try store.impact(removingNodes: ["n01"])
        XCTAssertEqual(impact.losesAll.map(\.id), ["n02"])
        XCTAssertEqual(impact.losesAll.first?.inputs.map(\.gate), [true])
        XCTAssertEqual(impact.losesSome, [])
        XCTAssertEqual(try store.chokepoints(of: "n02").chokepoints.map(\.id), ["n01", "n03", "n00"])
        XCTAssertEqual(try store.chokepoints(of: "n04").chokepoints.map(\.id), ["n03", "n00"], "the gate is not n04's")
    }

    /// Groups: all of a country's nodes at once, when no single member is a chokepoint.
    func testAGroupRemovalByCountry() throws {
        let scratch = try Scratch()
        // n05 needs tools from n02 or n08 (both TW) — no single chokepoint, but Taiwan is one.
        let store = try store(scratch, count: 9, links: [
            Link(id: "a", supplier: 2, buyer: 5, kind: "supplies", input: "tools", share: 0.5),
            Link(id: "b", supplier: 8, buyer: 5, kind: "supplies", input: "tools", share: 0.5),
            Link(id: "c", supplier: 1, buyer: 5, kind: "designs", input: nil, share: nil),
        ])
        let report = try store.chokepoints(of: "n05", groupingBy: .country)
        XCTAssertEqual(report.chokepoints.map(\.id), ["n01"])
        XCTAssertEqual(report.groups?.map(\.value), ["TW", "US"], "the target's own group without the target; closest, then by value")
        XCTAssertEqual(report.groups?.first { $0.value == "TW" }?.members, ["n02", "n08"])
        XCTAssertEqual(report.groups?.first { $0.value == "TW" }?.inputs, ["tools"])
        let removed = try store.nodeIDs(where: .country, is: "TW")
        XCTAssertEqual(removed, ["n02", "n05", "n08"])
        XCTAssertEqual(try store.impact(removingNodes: removed.filter { $0 != "n05" }).losesAll.map(\.id), ["n05"])
        XCTAssertThrowsError(try store.chokepoints(of: "n05", groupingBy: .property("contry"))) { error in
            XCTAssertTrue("\(error)".contains("country"), "\(error)")
        }
    }
}
