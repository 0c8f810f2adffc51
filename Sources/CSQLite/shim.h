#ifndef TIERGRAPH_CSQLITE_SHIM_H
#define TIERGRAPH_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro that Swift does not import: return it from C.
static inline sqlite3_destructor_type tiergraph_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
#endif
