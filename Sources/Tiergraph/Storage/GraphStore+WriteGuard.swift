import CSQLite

/// How much of the file every write checks before it writes (see "Storage" in the README).
///
/// A write into a damaged file would add to the damage and hide it, so every write first looks:
/// always at the file's header (its free-page count against its page count, cheap at any size),
/// and, on files small enough for it to cost little, with SQLite's `quick_check` and the graph's
/// own rules (what `tiergraph check` reports as problems). On any size of file, the damage SQLite
/// meets on the pages a write reads or writes refuses the write too.
public struct WriteVerification: Equatable, Sendable {
    /// Files of up to this many bytes (pages in use) get SQLite's `PRAGMA quick_check` before each write.
    public var quickCheckBytes: Int
    /// Files of up to this many bytes also get the graph's own rules checked before each write.
    public var graphCheckBytes: Int

    /// Checks before writing: `quick_check` up to `quickCheckBytes`, the graph's rules up to `graphCheckBytes`.
    public init(quickCheckBytes: Int, graphCheckBytes: Int) {
        self.quickCheckBytes = quickCheckBytes
        self.graphCheckBytes = graphCheckBytes
    }

    /// `quick_check` up to 8 MiB, the graph's rules up to 4 MiB: together about 0.1 s at 4 MiB
    /// on this project's machine (measured; the README's "Storage" gives the figures).
    public static let standard = WriteVerification(quickCheckBytes: 8 << 20, graphCheckBytes: 4 << 20)
    /// Only the header and the damage SQLite meets while writing, at any size.
    public static let headerOnly = WriteVerification(quickCheckBytes: 0, graphCheckBytes: 0)
}

extension GraphStore {
    /// Refuses to write into a damaged file, before anything is written: run first in every write
    /// transaction (under the write lock, so that what is checked is what the write changes).
    /// - Throws: ``GraphStoreError/damaged(path:problems:)`` naming what is wrong.
    func verifyBeforeWriting() throws {
        let pages = try connection.scalar("PRAGMA page_count")?.int64 ?? 0
        let free = try connection.scalar("PRAGMA freelist_count")?.int64 ?? 0
        let pageSize = try connection.scalar("PRAGMA page_size")?.int64 ?? 0
        var problems: [String] = []
        if free >= pages {
            problems.append("its header counts \(free) free pages in a file of \(pages) pages")
        }
        let bytes = pages * pageSize
        do {
            if problems.isEmpty && bytes <= Int64(writeVerification.quickCheckBytes) {
                problems += try fileProblems(quick: true).map(\.message)
            }
            if problems.isEmpty && bytes <= Int64(writeVerification.graphCheckBytes) {
                problems += try graphProblems().map(\.description)
            }
        } catch let error as SQLiteError where error.isCorruption {
            problems.append("SQLite found it damaged while checking it: \(error.message)")
        }
        if !problems.isEmpty {
            throw GraphStoreError.damaged(path: path, problems: problems)
        }
    }
}
