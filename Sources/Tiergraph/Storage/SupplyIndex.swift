/// A packed copy of every node's supply neighbours, kept in the table `supply_index`: a cold
/// walk over a large file reads a node's buyers or suppliers from one small row shared with its
/// neighbours by key, instead of two range scans of the edge indexes per node, and decodes only
/// the lists of the nodes it expands.
///
/// It is derived data; `edges` and `edge_kinds` stay the truth. Every import rebuilds it inside
/// the import's transaction (``rebuild(on:)``). Any other change to a supply edge, whether
/// through Tiergraph or plain SQL, deletes by trigger the rows of the chunks holding the edge's
/// two ends and lists them in `supply_index_pending` (schema version 8); every Tiergraph write
/// rebuilds those rows before it commits (``patch(on:)``), so the index stays whole after
/// single edits. A missing row means "not known": walks read the edge indexes for the nodes of
/// that chunk, so a plain-SQL writer can leave the index incomplete but never wrong. A change
/// to a kind's flow empties the whole table, and an empty table means "no index" (until the
/// next import or `tiergraph reindex`), never "no edges". It holds nodes only, not edges:
/// callers that need the edges of a path read them afterwards, and filters on edges (kinds,
/// dates, sources) do not use it.
///
/// Layout: row `slot = chunk × 2 + side` holds the nodes whose keys are `chunk × 256 …
/// chunk × 256 + 255`; side 0 lists where each node's goods go (downstream), side 1 where they
/// come from (upstream). A row starts with 257 little-endian 32-bit offsets: node `i`'s list is
/// the bytes from offset `i` to offset `i + 1`, counted from the row's start. A list is the
/// neighbours' keys, ascending and without repeats, each as its difference from the one before
/// (the first from 0) in LEB128. A chunk without any neighbour has an empty row. At 1M nodes and 5M
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
        try connection.execute("DELETE FROM supply_index; DELETE FROM supply_index_pending")
        try store(try rows(on: connection), on: connection)
    }

    private static func store(_ rows: [(slot: Int64, data: [UInt8])], on connection: Connection) throws {
        let insert = try connection.prepare("INSERT OR REPLACE INTO supply_index(slot, data) VALUES (?1, ?2)")
        for row in rows {
            try insert.bind([.integer(row.slot), .blob(row.data)])
            try insert.run()
        }
    }

    /// The rows the index should hold for the current edges and kinds, in slot order: both sides
    /// of every chunk up to the largest key's, and the baseline's (none when ``rebuild(on:)``
    /// would leave the index empty, or when no edge is a supply edge).
    static func rows(on connection: Connection) throws -> [(slot: Int64, data: [UInt8])] {
        let bounds = try connection.query("SELECT min(nid), max(nid), count(*) FROM nodes") { ($0.int64(0), $0.int64(1), $0.int64(2)) }[0]
        guard bounds.2 > 0, bounds.0 >= 0, bounds.1 < 4 * bounds.2 + (1 << 20) else { return [] }
        let keys = bounds.0...bounds.1
        // The baseline first, so that its memory is free again before the lists are built.
        var rows = try SupplyBaseline.rows(on: connection, keyLimit: Int(keys.upperBound) + 1)
        // Each supply edge once, as (where goods come from, where they go). An edge whose end is
        // no node's key (written with foreign keys off; `check` reports it) is left out.
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
            let lists = CountingSort(keys: owners, values: others, maxKey: Int(keys.upperBound))
            for chunk in 0...(keys.upperBound >> Int64(chunkBits)) {
                rows.append((chunk << 1 | side(direction), encode(chunk: chunk) { $0 <= keys.upperBound ? lists.values(of: Int($0)) : [] }))
            }
        }
        return rows.sorted { $0.slot < $1.slot }
    }

    /// Rebuilds the rows that writes since the last build deleted (the triggers list them in
    /// `supply_index_pending`), from the edges of their chunks, and empties that list. Every
    /// Tiergraph write calls it before it commits (``GraphStore/recordedWrite(dryRun:bulk:inputBytes:undoing:withoutUndo:_:)``).
    /// The baseline is not rebuilt: it depends on the whole graph.
    ///
    /// - Complexity: two range scans of the edge indexes per row, O(edges of its 256 nodes).
    static func patch(on connection: Connection) throws {
        let slots = try connection.query("SELECT slot FROM supply_index_pending ORDER BY slot") { $0.int64(0) }
        guard !slots.isEmpty else { return }
        try connection.execute("DELETE FROM supply_index_pending")
        // Bounds that cost O(log n), not the node count that the build's sparseness guard needs:
        // keys must not be negative, and a write grows the index by at most 4,096 chunks, so that
        // a key set far out by plain SQL cannot make a reader's arrays huge (`check` then reports
        // what the build would do, and `reindex` does it).
        // (One aggregate per statement: SQLite reads a lone min() or max() off the B-tree's edge.)
        let (low, high, last) = (try connection.scalar("SELECT min(nid) FROM nodes")?.int64 ?? 0, try connection.scalar("SELECT max(nid) FROM nodes")?.int64 ?? 0,
                                 try connection.scalar("SELECT max(slot) FROM supply_index")?.int64 ?? 1)
        guard low >= 0 else { return }
        let keys = 0...high, lastSlot = min((high >> Int64(chunkBits)) << 1 | 1, last + (2 << 12))
        // Per side: (the end in the chunk, the other end) of the edges whose goods leave the
        // chunk's nodes (side 0) or reach them (side 1).
        let sides = try [0, 1].map { side in
            try connection.prepare("""
                SELECT \(side == 0 ? "source, target" : "target, source") FROM edges
                WHERE \(side == 0 ? "source" : "target") BETWEEN ?1 AND ?2
                    AND kind IN (SELECT name FROM edge_kinds WHERE flow IN ('with', 'gate'))
                UNION ALL
                SELECT \(side == 0 ? "target, source" : "source, target") FROM edges
                WHERE \(side == 0 ? "target" : "source") BETWEEN ?1 AND ?2
                    AND kind IN (SELECT name FROM edge_kinds WHERE flow = 'against')
                """)
        }
        var rows: [(slot: Int64, data: [UInt8])] = []
        for slot in slots where slot >= 0 && slot <= lastSlot {
            let first = (slot >> 1) << Int64(chunkBits)
            var lists: [Int64: [Int64]] = [:]
            let statement = sides[Int(slot & 1)]
            try statement.bind([.integer(first), .integer(first + (1 << Int64(chunkBits)) - 1)])
            while let row = try statement.step() {
                if keys.contains(row.int64(1)) { lists[row.int64(0), default: []].append(row.int64(1)) }
            }
            statement.reset()
            rows.append((slot, encode(chunk: slot >> 1) { lists[$0] ?? [] }))
        }
        try store(rows, on: connection)
    }

    /// The row of `chunk`: each node's neighbours (`neighbors(key)`, in any order, repeats
    /// allowed) sorted, without repeats, in the layout above; empty when no node has any.
    private static func encode<List: Collection<Int64>>(chunk: Int64, _ neighbors: (Int64) -> List) -> [UInt8] {
        let first = chunk << Int64(chunkBits)
        let header = 4 * ((1 << chunkBits) + 1)
        var data = [UInt8](repeating: 0, count: header)
        func mark(_ i: Int) {
            for byte in 0..<4 { data[4 * i + byte] = UInt8(truncatingIfNeeded: data.count >> (8 * byte)) }
        }
        for i in 0..<(1 << chunkBits) {
            mark(i)
            var previous: Int64?
            for neighbor in neighbors(first + Int64(i)).sorted() where neighbor != previous {
                appendVarint(UInt64(neighbor - (previous ?? 0)), to: &data)
                previous = neighbor
            }
        }
        mark(1 << chunkBits)
        return data.count == header ? [] : data
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
    /// nodes is asked about, and kept; a node's list is decoded each time it is asked for. A
    /// node whose row is missing (deleted by a plain-SQL write, or beyond the last row's chunk)
    /// is not known to it: callers read the edge indexes for it instead. Not thread-safe.
    final class Reader {
        private let rows: Statement
        /// Every row read so far, end to end in blocks of at least 1 MiB: one copy per row, no
        /// growing buffer that the system must map afresh each time it doubles, and no reference
        /// counting per node read. Freed with the reader.
        private var blocks: [(start: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
        private var used = 0
        private enum Slot { case unread, missing, read(UnsafeBufferPointer<UInt8>) }
        /// What is known of each slot's row, up to the last row's or the largest key's, whichever is lower.
        private var slots: [Slot]

        deinit {
            for block in blocks { block.start.deallocate() }
        }

        /// A reader, or nil if the index is empty (emptied or never built).
        /// - Parameter keyLimit: one more than the largest node key.
        init?(connection: Connection, keyLimit: Int) throws {
            guard let last = try connection.scalar("SELECT max(slot) FROM supply_index")?.int64 else { return nil }
            rows = try connection.prepare("SELECT slot, data FROM supply_index WHERE slot IN (SELECT value FROM json_each(?1))")
            let limit = (Int64(max(keyLimit - 1, 0)) >> Int64(SupplyIndex.chunkBits)) << 1 | 1
            slots = Array(repeating: .unread, count: Int(max(min(last, limit), -1)) + 1)
        }

        /// Reads the rows holding `nodes`' neighbours in `direction` that are not read yet, in one
        /// statement: for a breadth-first level.
        /// - Returns: those of `nodes` whose rows are missing.
        @discardableResult
        func load(_ nodes: [Int64], _ direction: Direction) throws -> [Int64] {
            var wanted: [Int64] = []
            for node in nodes {
                let slot = SupplyIndex.slot(of: node, direction)
                guard slot >= 0 && slot < slots.count, case .unread = slots[Int(slot)] else { continue }
                slots[Int(slot)] = .missing
                wanted.append(slot)
            }
            if !wanted.isEmpty {
                try rows.bind([.jsonArray(wanted.sorted())])
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
                        slots[Int(row.int64(0))] = .read(UnsafeBufferPointer(copy))
                    }
                }
            }
            return nodes.filter { row(of: $0, direction) == nil }
        }

        /// The row holding `node`'s list in `direction`, if it is read; nil if it is missing or unread.
        private func row(of node: Int64, _ direction: Direction) -> UnsafeBufferPointer<UInt8>? {
            let slot = SupplyIndex.slot(of: node, direction)
            guard slot >= 0 && slot < slots.count, case .read(let row) = slots[Int(slot)] else { return nil }
            return row
        }

        /// Calls `body` with each node that `node` supplies (`.downstream`) or is supplied by
        /// (`.upstream`), once each, in key order.
        /// - Returns: false, without calling `body`, if the index does not know `node` (its row is missing).
        func forEachNeighbor(of node: Int64, _ direction: Direction, _ body: (Int64) throws -> Void) throws -> Bool {
            if row(of: node, direction) == nil { try load([node], direction) }
            guard let row = row(of: node, direction) else { return false }
            guard row.count >= 4 * ((1 << SupplyIndex.chunkBits) + 1) else { return true }
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
            return true
        }
    }
}

extension GraphStore {
    /// Rebuilds the supply index (``SupplyIndex``) and its baseline (``SupplyBaseline``) from the
    /// current edges and kinds, in one transaction. Every import does this at its end; `add`,
    /// `remove` and `merge` keep the index whole (they rebuild the rows they touch) but empty the
    /// baseline, so `impact` proves supply node by node until this runs; a change to a kind's
    /// flow, or plain-SQL edits, leave the index empty or incomplete. O(nodes + edges).
    /// - Returns: whether the index now holds anything (not for a graph without supply edges).
    /// - Throws: ``GraphStoreError/damaged(path:problems:)`` before writing anything, as every write.
    @discardableResult
    public func rebuildSupplyIndex() throws -> Bool {
        try connection.transaction {
            try verifyBeforeWriting()
            try SupplyIndex.rebuild(on: connection)
            return try hasSupplyIndex()
        }
    }

    /// Whether the file's supply index is whole: a row for both sides of every chunk of node
    /// keys, and none waiting to be rebuilt. Walks are correct either way; they are slower on a
    /// large file without it.
    public func hasSupplyIndex() throws -> Bool {
        try connection.scalar("""
            SELECT NOT EXISTS (SELECT 1 FROM supply_index_pending)
                AND (SELECT count(*) FROM supply_index WHERE slot >= 0) = ((SELECT max(nid) FROM nodes) >> \(SupplyIndex.chunkBits) << 1) + 2
            """)?.int64 == 1
    }

    /// Whether the file holds the ``SupplyBaseline`` (built by imports and `reindex`, emptied by
    /// any other change to supply).
    public func hasSupplyBaseline() throws -> Bool {
        try connection.scalar("SELECT EXISTS (SELECT 1 FROM supply_index WHERE slot < 0)")?.int64 == 1
    }
}
