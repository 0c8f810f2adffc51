import XCTest
@testable import Tiergraph

/// The one transaction primitive (``Connection/transaction(_:keep:_:)``) and the settings a
/// store runs with (``ConnectionSettings``), on a real file.
final class ConnectionTests: XCTestCase {
    private struct Failure: Error {}

    private func count(_ connection: Connection) throws -> Int64 {
        try connection.scalar("SELECT count(*) FROM t")?.int64 ?? -1
    }

    func testCommitsRollsBackAndNestsAsSavepoints() throws {
        let scratch = try Scratch()
        let connection = try Connection(path: scratch.path("plain.db"))
        try connection.execute("CREATE TABLE t(x INTEGER)")
        try connection.transaction { try connection.run("INSERT INTO t VALUES (1)") }
        XCTAssertEqual(try count(connection), 1, "a transaction that returns is committed")
        XCTAssertThrowsError(try connection.transaction {
            try connection.run("INSERT INTO t VALUES (2)")
            throw Failure()
        })
        XCTAssertEqual(try count(connection), 1, "a transaction that throws is rolled back")
        try connection.transaction(keep: false) { try connection.run("INSERT INTO t VALUES (3)") }
        XCTAssertEqual(try count(connection), 1, "keep: false (a dry run) is rolled back although it returned")
        try connection.transaction {
            try connection.run("INSERT INTO t VALUES (4)")
            XCTAssertThrowsError(try connection.transaction {
                try connection.run("INSERT INTO t VALUES (5)")
                throw Failure()
            })
            try connection.transaction(keep: false) { try connection.run("INSERT INTO t VALUES (6)") }
            try connection.transaction { try connection.run("INSERT INTO t VALUES (7)") }
            XCTAssertEqual(try connection.reading { try count(connection) }, 3, "a read inside a write sees its rows")
        }
        XCTAssertEqual(try connection.query("SELECT x FROM t ORDER BY x") { $0.int64(0) }, [1, 4, 7],
                       "a nested write is a savepoint: its failure or dry run undoes only its own rows")
        try connection.transaction { try connection.run("INSERT INTO t VALUES (8)") }
        XCTAssertEqual(try count(connection), 4, "no transaction was left open")
    }

    func testAStoreRunsWithTheNamedSettings() throws {
        let scratch = try Scratch()
        let store = try scratch.store()
        let connection = store.connection
        func pragma(_ name: String) throws -> SQLValue? { try connection.scalar("PRAGMA \(name)") }
        XCTAssertEqual(try pragma("busy_timeout")?.int64, Int64(ConnectionSettings.busyTimeoutMilliseconds))
        XCTAssertEqual(try pragma("journal_mode")?.string, ConnectionSettings.journalMode)
        XCTAssertEqual(try pragma("synchronous")?.int64, 1, "NORMAL")
        XCTAssertEqual(try pragma("foreign_keys")?.int64, 1)
        XCTAssertEqual(try pragma("cache_size")?.int64, -Int64(ConnectionSettings.standard.cacheKiB))
        try connection.with(.bulkLoad) {
            XCTAssertEqual(try pragma("foreign_keys")?.int64, 0)
            XCTAssertEqual(try pragma("cache_size")?.int64, -Int64(ConnectionSettings.bulkLoad.cacheKiB))
            XCTAssertEqual(try pragma("threads")?.int64, Int64(ConnectionSettings.bulkLoad.sortThreads))
        }
        XCTAssertEqual(try pragma("foreign_keys")?.int64, 1, "the standard settings are back after a bulk load")
        XCTAssertEqual(try pragma("cache_size")?.int64, -Int64(ConnectionSettings.standard.cacheKiB))
        XCTAssertThrowsError(try connection.with(.replay) { throw Failure() })
        XCTAssertEqual(try pragma("foreign_keys")?.int64, 1, "and after a replay that failed")
        XCTAssertEqual(try store.write(dryRun: true) { _ in try connection.scalar("SELECT 1")?.int64 }, 1)
        XCTAssertEqual(try pragma("foreign_keys")?.int64, 1)
    }
}
