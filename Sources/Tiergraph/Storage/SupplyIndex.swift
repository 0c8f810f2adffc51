/// A packed copy of every node's supply neighbours, kept in the table `supply_index`: a cold
/// walk over a large file reads a node's buyers or suppliers from one small row shared with its
/// neighbours by key, instead of two range scans of the edge indexes per node, and decodes only
/// the lists of the nodes it expands.
///
/// It is derived data; `edges` and `edge_kinds` stay the truth. Every import rebuilds it inside
/// the import's transaction (``rebuild(on:)``). Any other change to an edge, or to a kind's flow,
/// whether through Tiergraph or plain SQL, empties it by trigger (schema version 2), and walks
/// read the edge indexes instead until the next import or `tiergraph reindex`. An empty table
/// therefore means "no index", never "no edges". It holds nodes only, not edges: callers that
/// need the edges of a path read them afterwards, and filters on edges (kinds, dates, sources)
/// do not use it.
///
/// Layout: row `slot = chunk × 2 + side` holds the nodes whose keys are `chunk × 256 …
/// chunk × 256 + 255`; side 0 lists where each node's goods go (downstream), side 1 where they
/// come from (upstream). A row starts with 257 little-endian 32-bit offsets: node `i`'s list is
/// the bytes from offset `i` to offset `i + 1`, counted from the row's start. A list is the
/// neighbours' keys, ascending and without repeats, each as its difference from the one before
/// (the first from 0) in LEB128. Chunks without any neighbour have no row. At 1M nodes and 5M
/// edges it is about 33 MB, against 2 × 150 MB for the covering indexes it stands in for.
/// Rows with negative slots hold the ``SupplyBaseline``, built and emptied with the index.
enum SupplyIndex {
    /// Nodes per row, as a power of two: 256 nodes' lists fill about one 4 KiB page.
    static let chunkBits = 8

    /// The side of a row that lists neighbours in `direction` (`.downstream` or `.upstream`).
    static func side(_ direction: Direction) -> Int64 {
        precondition(direction != .any, "the supply index holds supply directions only")
        return direction == .downstream ? 0 : 1
    }

    /// The row holding `node`'s neighbours in `direction`.
    static func slot(of node: Int64, _ direction: Direction) -> Int64 {
        (node >> Int64(chunkBits)) << 1 | side(direction)
    }

    /// Replaces the index with one built from the current edges and kinds. Leaves it empty
    /// (walks then use the edge indexes) when node keys are negative or far sparser than the
    /// nodes, which only plain-SQL edits produce: the build sizes arrays by the largest key.
    ///
    /// Reads every edge once and sorts by counting: O(nodes + edges) time; about 24 bytes per
    /// edge and 16 per node of memory while it runs, plus the rows themselves.
    static func rebuild(on connection: Connection) throws {
        try connection.execute("DELETE FROM supply_index")
        let insert = try connection.prepare("INSERT INTO supply_index(slot, data) VALUES (?1, ?2)")
        for row in try rows(on: connection) {
            try insert.bind([.integer(row.slot), .blob(row.data)])
            try insert.run()
        }
    }

    /// The rows the index should hold for the current edges and kinds, in slot order (none when
    /// ``rebuild(on:)`` would leave it empty).
    static func rows(on connection: Connection) throws -> [(slot: Int64, data: [UInt8])] {
        let bounds = try connection.query("SELECT min(nid), max(nid), count(*) FROM nodes") { ($0.int64(0), $0.int64(1), $0.int64(2)) }[0]
        guard bounds.2 > 0, bounds.0 >= 0, bounds.1 < 4 * bounds.2 + (1 << 20) else { return [] }
        // Each supply edge once, as (where goods come from, where they go). An edge whose end is
        // no node's key (written with foreign keys off; `check` reports it) is left out.
        let keys = bounds.0...bounds.1
        // The baseline first, so that its memory is free again before the lists are built.
        var rows = try SupplyBaseline.rows(on: connection, keyLimit: Int(bounds.1) + 1)
        var from: [Int64] = [], to: [Int64] = []
        let edges = try connection.prepare("""
            SELECT source, target, kind IN (SELECT name FROM edge_kinds WHERE flow IN ('with', 'gate')) FROM edges
            WHERE kind IN (SELECT name FROM edge_kinds WHERE flow <> 'none')
            """)
        while let row = try edges.step() {
            let (source, target) = (row.int64(0), row.int64(1))
            guard keys.contains(source) && keys.contains(target) else { continue }
            if row.int64(2) == 1 { from.append(source); to.append(target) } else { from.append(target); to.append(source) }
        }
        guard !from.isEmpty else { return [] }
        for (direction, owners, others) in [(Direction.downstream, from, to), (.upstream, to, from)] {
            let lists = CountingSort(keys: owners, values: others, maxKey: Int(bounds.1))
            for chunk in 0...(Int(bounds.1) >> chunkBits) {
                let first = chunk << chunkBits
                guard lists.start[min(first + (1 << chunkBits), lists.start.count - 1)] > lists.start[first] else { continue }
                let header = 4 * ((1 << chunkBits) + 1)
                var data = [UInt8](repeating: 0, count: header)
                func mark(_ i: Int) {
                    for byte in 0..<4 { data[4 * i + byte] = UInt8(truncatingIfNeeded: data.count >> (8 * byte)) }
                }
                for i in 0..<(1 << chunkBits) {
                    mark(i)
                    let node = first + i
                    var previous: Int64?
                    for neighbor in node + 1 < lists.start.count ? lists.values(of: node).sorted() : [] where neighbor != previous {
                        appendVarint(UInt64(neighbor - (previous ?? 0)), to: &data)
                        previous = neighbor
                    }
                }
                mark(1 << chunkBits)
                rows.append((Int64(chunk) << 1 | side(direction), data))
            }
        }
        return rows.sorted { $0.slot < $1.slot }
    }

    private static func appendVarint(_ value: UInt64, to data: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            data.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
    }

    /// Values grouped by key in O(keys + values): `values(of: k)` is every value paired with `k`.
    private struct CountingSort {
        /// `start[k] ..< start[k + 1]` is where key `k`'s values lie in `sorted`.
        let start: [Int]
        private let sorted: [Int64]

        init(keys: [Int64], values: [Int64], maxKey: Int) {
            var start = [Int](repeating: 0, count: maxKey + 2)
            for key in keys { start[Int(key) + 1] += 1 }
            for k in 1..<start.count { start[k] += start[k - 1] }
            var next = start, sorted = [Int64](repeating: 0, count: values.count)
            for (key, value) in zip(keys, values) {
                sorted[next[Int(key)]] = value
                next[Int(key)] += 1
            }
            self.start = start
            self.sorted = sorted
        }

        func values(of key: Int) -> ArraySlice<Int64> { sorted[start[key]..<start[key + 1]] }
    }

    /// Reads the index inside a read transaction: a row is read once, the first time one of its
    /// nodes is asked about, and kept; a node's list is decoded each time it is asked for.
    final class Reader {
        private let rows: Statement
        /// Every row read so far, end to end in blocks of at least 1 MiB: one copy per row, no
        /// growing buffer that the system must map afresh each time it doubles, and no reference
        /// counting per node read. Freed with the reader.
        private var blocks: [(start: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
        private var used = 0
        /// Where each slot's row lies: nil until read, an empty buffer for a slot without a row.
        /// Slots beyond the last row's have none (nodes added since the build, without edges).
        private var ranges: [UnsafeBufferPointer<UInt8>?]

        deinit {
            for block in blocks { block.start.deallocate() }
        }

        /// A reader, or nil if the index is empty (stale or never built).
        init?(connection: Connection) throws {
            guard let last = try connection.scalar("SELECT max(slot) FROM supply_index")?.int64 else { return nil }
            rows = try connection.prepare("SELECT slot, data FROM supply_index WHERE slot IN (SELECT value FROM json_each(?1))")
            ranges = Array(repeating: nil, count: Int(max(last, 0)) + 1)
        }

        /// Reads the rows holding `nodes`' neighbours in `direction` that are not read yet, in one
        /// statement: for a breadth-first level.
        func load(_ nodes: [Int64], _ direction: Direction) throws {
            var slots: [Int64] = []
            for node in nodes {
                let slot = SupplyIndex.slot(of: node, direction)
                guard slot >= 0 && slot < ranges.count && ranges[Int(slot)] == nil else { continue }
                ranges[Int(slot)] = UnsafeBufferPointer(start: nil, count: 0)
                slots.append(slot)
            }
            guard !slots.isEmpty else { return }
            try rows.bind([.jsonArray(slots.sorted())])
            defer { rows.reset() }
            while let row = try rows.step() {
                row.withBlob(1) { data in
                    if blocks.isEmpty || used + data.count > blocks[blocks.count - 1].capacity {
                        let capacity = max(1 << 20, data.count)
                        blocks.append((.allocate(capacity: capacity), capacity))
                        used = 0
                    }
                    let copy = UnsafeMutableBufferPointer(start: blocks[blocks.count - 1].start + used, count: data.count)
                    _ = copy.initialize(from: data.bindMemory(to: UInt8.self))
                    used += data.count
                    ranges[Int(row.int64(0))] = UnsafeBufferPointer(copy)
                }
            }
        }

        /// Calls `body` with each node that `node` supplies (`.downstream`) or is supplied by
        /// (`.upstream`), once each, in key order.
        func forEachNeighbor(of node: Int64, _ direction: Direction, _ body: (Int64) throws -> Void) throws {
            let slot = SupplyIndex.slot(of: node, direction)
            guard slot >= 0 && slot < ranges.count else { return }
            if ranges[Int(slot)] == nil { try load([node], direction) }
            let row = ranges[Int(slot)]!
            guard row.count >= 4 * ((1 << SupplyIndex.chunkBits) + 1) else { return }
            let i = Int(node & ((1 << Int64(SupplyIndex.chunkBits)) - 1))
            func offset(_ i: Int) -> Int {
                Int(row[4 * i]) | Int(row[4 * i + 1]) << 8 | Int(row[4 * i + 2]) << 16 | Int(row[4 * i + 3]) << 24
            }
            // Offsets past the row's end (only a damaged row has them) read as its end.
            var position = min(offset(i), row.count)
            let end = min(offset(i + 1), row.count)
            var previous: Int64 = 0, value: Int64 = 0, shift: Int64 = 0
            while position < end {
                let byte = row[position]
                position += 1
                value |= Int64(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 || shift > 56 {
                    previous &+= value
                    try body(previous)
                    (value, shift) = (0, 0)
                }
            }
        }
    }
}

extension GraphStore {
    /// Rebuilds the supply index (``SupplyIndex``) from the current edges and kinds, in one
    /// transaction. Every import does this at its end; `add`, `remove` and plain-SQL edits empty
    /// the index, and a cold supply-direction `path` on a large file is then
    /// slower until it is rebuilt. O(nodes + edges).
    /// - Returns: whether the index now holds anything (not for a graph without supply edges).
    @discardableResult
    public func rebuildSupplyIndex() throws -> Bool {
        try connection.transaction {
            try SupplyIndex.rebuild(on: connection)
            return try hasSupplyIndex()
        }
    }

    /// Whether the file has a current supply index (one that no write has emptied since it was built).
    public func hasSupplyIndex() throws -> Bool {
        try connection.scalar("SELECT EXISTS (SELECT 1 FROM supply_index)")?.int64 == 1
    }
}
