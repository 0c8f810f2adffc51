#ifndef TIERGRAPH_CSQLITE_SHIM_H
#define TIERGRAPH_CSQLITE_SHIM_H
// The session extension (changesets: what a write changed, and its inverse for undo) is compiled
// into the system libsqlite3; its declarations in sqlite3.h need these two macros.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro that Swift does not import: return it from C.
static inline sqlite3_destructor_type tiergraph_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_config is variadic, which Swift cannot call. Memory statistics take a global mutex
/// on every allocation; Tiergraph does not read them, so it turns them off before first use.
static inline int tiergraph_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// sqlite3_db_config is variadic too. A build of SQLite in defensive mode ignores
/// `PRAGMA writable_schema`; a schema migration that must widen a CHECK constraint turns it off
/// for its connection (and back on after, if it was on). Returns the mode that was set.
static inline int tiergraph_sqlite_set_defensive(sqlite3 *db, int on) {
    int was = 0;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &was);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
    return was;
}
#endif
