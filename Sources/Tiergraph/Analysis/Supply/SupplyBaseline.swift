/// Which nodes of the whole graph are supplied, with nothing removed and no filter: derived
/// data kept beside the ``SupplyIndex`` (rows with negative slots in `supply_index`, built
/// with it), so that a what-if (`impact`) knows the supply of the suppliers outside
/// the part it changes without proving each of them from its upstream.
///
/// Layout: row `slot = -1 - chunk` is a bitmap of 32 bytes for the node keys `chunk × 256 …
/// chunk × 256 + 255`: bit `i % 8` of byte `i / 8` is set when node `chunk × 256 + i` is
/// supplied (``SupplyNetwork`` states the rule). A key beyond the last row's is not known.
/// The rows depend on the edges, their kinds' flows, inputs, statuses, `as_of`s and
/// modalities, on the citations and source dates that order claims, and on which nodes
/// there are: the triggers (schema versions 7 and 8) delete all its rows when any of those
/// changes, and only imports and `reindex` build them again (the index itself is patched).
enum SupplyBaseline {
    /// The rows for the current graph, in slot order, for node keys in `0 ..< keyLimit`.
    ///
    /// - Complexity: O(n + m log m) time over the whole graph (``SupplyNetwork``'s), memory
    ///   linear in it.
    static func rows(on connection: Connection, keyLimit: Int) throws -> [(slot: Int64, data: [UInt8])] {
        guard keyLimit < Int(Int32.max) else { return [] }  // keys as 32-bit integers; such a file has no baseline
        let reader = try WholeGraphSupplyReader(connection: connection, keyLimit: keyLimit)
        let keys = try connection.query("SELECT nid FROM nodes WHERE nid >= 0 AND nid < ?1 ORDER BY nid", [.integer(Int64(keyLimit))]) {
            Int32($0.int64(0))
        }
        let network = try SupplyNetwork(reader: reader, roots: keys)
        let supplied = network.state().supplied
        var bits = [UInt8](repeating: 0, count: (keyLimit + 7) / 8)
        for v in 0..<network.count where supplied[v] {
            let key = Int(network.keys[v])
            bits[key / 8] |= 1 << UInt8(key % 8)
        }
        let bytesPerRow = (1 << SupplyIndex.chunkBits) / 8
        return stride(from: 0, to: bits.count, by: bytesPerRow).reversed().map { first in
            var row = Array(bits[first..<min(first + bytesPerRow, bits.count)])
            row += [UInt8](repeating: 0, count: bytesPerRow - row.count)
            return (-1 - Int64(first / bytesPerRow), row)
        }
    }

    /// Reads the bitmap rows on first use. Not thread-safe.
    final class Reader {
        private let connection: Connection
        /// The bitmap of each chunk there is a row for.
        private var rows: [Int64: [UInt8]]?

        init(connection: Connection) { self.connection = connection }

        /// Whether node `key` is supplied in the whole unfiltered graph; nil when the rows do not say.
        func isSupplied(_ key: Int64) throws -> Bool? {
            if rows == nil {
                rows = [:]
                for (slot, data) in try connection.query("SELECT slot, data FROM supply_index WHERE slot < 0", [], {
                    ($0.int64(0), $0.withBlob(1) { Array($0.bindMemory(to: UInt8.self)) })
                }) where data.count == (1 << SupplyIndex.chunkBits) / 8 {
                    rows![-1 - slot] = data
                }
            }
            guard key >= 0, let row = rows![key >> Int64(SupplyIndex.chunkBits)] else { return nil }
            let i = Int(key & ((1 << Int64(SupplyIndex.chunkBits)) - 1))
            return row[i / 8] & (1 << UInt8(i % 8)) != 0
        }
    }
}
