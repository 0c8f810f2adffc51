#ifndef TIERGRAPH_CGRAPHVIZ_SHIM_H
#define TIERGRAPH_CGRAPHVIZ_SHIM_H
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

/// cgraph's graph descriptors are mutable globals, which Swift 6 refuses to read
/// from concurrent code; these accessors hand out copies.
static inline Agdesc_t tiergraph_ag_directed(void) { return Agdirected; }
static inline Agdesc_t tiergraph_ag_strict_directed(void) { return Agstrictdirected; }
#endif
