import CSQLite

/// An SQLite session (the session extension): records the changes made to some tables of a
/// connection, from its start, as a changeset (``Changeset``).
///
/// With a `limit`, recording stops once the changeset would exceed that many bytes: SQLite's
/// progress handler looks at the running size every few thousand virtual-machine steps and
/// switches the session off, so a huge write pays for recording only up to the limit, and
/// ``overflowed`` tells that the changes were not all recorded.
final class Session {
    private let connection: Connection
    private var handle: OpaquePointer?
    private let limit: Int64
    /// Whether recording stopped because the changeset grew past the limit.
    private(set) var overflowed = false

    /// Starts recording the changes to `tables` of the main database.
    init(connection: Connection, tables: [String], limit: Int) throws {
        self.connection = connection
        self.limit = Int64(limit)
        var session: OpaquePointer?
        var rc = sqlite3session_create(connection.handle, "main", &session)
        guard rc == SQLITE_OK, let session else { throw connection.error(rc, sql: nil) }
        handle = session
        var on: Int32 = 1
        rc = sqlite3session_object_config(session, SQLITE_SESSION_OBJCONFIG_SIZE, &on)
        for table in tables where rc == SQLITE_OK {
            rc = sqlite3session_attach(session, table)
        }
        guard rc == SQLITE_OK else {
            sqlite3session_delete(session)
            handle = nil
            throw connection.error(rc, sql: nil)
        }
        sqlite3_progress_handler(connection.handle, 20_000, { context in
            Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue().checkSize()
            return 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { stop() }

    /// Switches recording off if the changeset has grown past the limit.
    private func checkSize() {
        guard let handle, !overflowed, sqlite3session_changeset_size(handle) > limit else { return }
        sqlite3session_enable(handle, 0)
        overflowed = true
    }

    /// The changes recorded, or `nil` if they outgrew the limit. Ends the session.
    func changeset() throws -> Changeset? {
        defer { stop() }
        guard let handle else { return nil }
        checkSize()
        guard !overflowed else { return nil }
        var size: Int32 = 0
        var data: UnsafeMutableRawPointer?
        let rc = sqlite3session_changeset(handle, &size, &data)
        defer { sqlite3_free(data) }
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: nil) }
        guard let data, size > 0 else { return Changeset(bytes: []) }
        return Changeset(bytes: Array(UnsafeRawBufferPointer(start: data, count: Int(size))))
    }

    /// Ends recording (idempotent).
    func stop() {
        guard let session = handle else { return }
        sqlite3_progress_handler(connection.handle, 0, nil, nil)
        sqlite3session_delete(session)
        handle = nil
    }
}
