import Foundation

/// Per-node scratch space for one walk or search at a time, by integer key: whether the walk
/// has reached each node, at which level, by which edge, and where a search wants it, from which
/// node (`Via`: the representation's keys, so that the in-memory walks keep 12 to 16 bytes a
/// node).
///
/// ``begin()`` forgets everything in O(1) (a generation count), so that a query that touches
/// little of a big graph does not clear tables the size of the graph. The tables come from
/// `calloc`, whose zero pages the system maps only when first written: a search that touches
/// few nodes of a big file pays for few pages. Keys in `0 ..< min(keyLimit, 2²⁶)` use the flat
/// tables (no hashing per edge); any other key (a file whose keys were set by hand) a
/// dictionary. The raw memory never leaves this type, and every access is bounds-checked by
/// that choice. Not thread-safe: one walk at a time.
final class NodeMarks<Via: FixedWidthInteger> {
    // Unchecked: read for every edge a walk looks at, and never accessed overlapping (one walk at a time).
    @exclusivity(unchecked) private var generation: UInt32 = 1
    private let count: Int
    /// The generation that reached each node: 4 bytes a node, so that the test "reached?",
    /// which every edge a walk looks at makes, touches as little memory as it can.
    private let stamps: UnsafeMutablePointer<UInt32>
    private let levels: UnsafeMutablePointer<Int32>
    private let vias: UnsafeMutablePointer<Via>
    private let froms: UnsafeMutablePointer<Via>
    @exclusivity(unchecked) private var others: [Int: (level: Int32, via: Via, from: Via)] = [:]

    /// Empty, for keys below `keyLimit` (at most 2²⁶ of them in the flat tables: 1 GiB of
    /// address space, of which only the pages written are ever mapped).
    init(keyLimit: Int) {
        count = max(0, min(keyLimit, 1 << 26))
        stamps = calloc(max(count, 1), MemoryLayout<UInt32>.stride)!.assumingMemoryBound(to: UInt32.self)
        levels = calloc(max(count, 1), MemoryLayout<Int32>.stride)!.assumingMemoryBound(to: Int32.self)
        vias = calloc(max(count, 1), MemoryLayout<Via>.stride)!.assumingMemoryBound(to: Via.self)
        froms = calloc(max(count, 1), MemoryLayout<Via>.stride)!.assumingMemoryBound(to: Via.self)
    }

    deinit {
        free(stamps)
        free(levels)
        free(vias)
        free(froms)
    }

    /// Starts a new walk: no node is reached.
    func begin() {
        generation &+= 1
        if generation == 0 {  // wrapped around: clear once every 4 billion walks
            memset(stamps, 0, max(count, 1) * MemoryLayout<UInt32>.stride)
            generation = 1
        }
        if !others.isEmpty { others.removeAll(keepingCapacity: true) }
    }

    /// Whether the current walk reached `key`.
    @inline(__always) func isReached(_ key: Int) -> Bool {
        key >= 0 && key < count ? stamps[key] == generation : others[key] != nil
    }

    /// The level at which the current walk reached `key`, or nil.
    @inline(__always) func level(_ key: Int) -> Int32? {
        if key >= 0 && key < count { return stamps[key] == generation ? levels[key] : nil }
        return others[key]?.level
    }

    /// The edge that reached `key` (-1 for the start), for a reached `key`.
    @inline(__always) func via(_ key: Int) -> Via {
        key >= 0 && key < count ? vias[key] : others[key]?.via ?? -1
    }

    /// The node `key` was reached from, for a key reached by ``visit(_:level:via:from:)``.
    @inline(__always) func from(_ key: Int) -> Via {
        key >= 0 && key < count ? froms[key] : others[key]?.from ?? -1
    }

    /// Records that the current walk reached `key` at `level` by `via`.
    @inline(__always) func visit(_ key: Int, level: Int32, via: Via) {
        if key >= 0 && key < count {
            stamps[key] = generation
            levels[key] = level
            vias[key] = via
        } else {
            others[key] = (level, via, -1)
        }
    }

    /// Records that the current walk reached `key` at `level` by `via`, from node `from`.
    @inline(__always) func visit(_ key: Int, level: Int32, via: Via, from: Via) {
        if key >= 0 && key < count {
            stamps[key] = generation
            levels[key] = level
            vias[key] = via
            froms[key] = from
        } else {
            others[key] = (level, via, from)
        }
    }
}
