#ifndef TIERGRAPH_CGRAPHVIZ_SHIM_H
#define TIERGRAPH_CGRAPHVIZ_SHIM_H
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>

/// cgraph's graph descriptors are mutable globals, which Swift 6 refuses to read
/// from concurrent code; these accessors hand out copies.
static inline Agdesc_t tiergraph_ag_directed(void) { return Agdirected; }
static inline Agdesc_t tiergraph_ag_strict_directed(void) { return Agstrictdirected; }

/// agtail and aghead are macros, which Swift does not import.
static inline Agnode_t *tiergraph_ag_tail(Agedge_t *e) { return agtail(e); }
static inline Agnode_t *tiergraph_ag_head(Agedge_t *e) { return aghead(e); }

/// Renders a laid-out graph into memory. `gvRender` to an `open_memstream` stream has the same
/// signature in every Graphviz version (gvRenderData's length changed from unsigned int * to
/// size_t *). The caller frees `*data` with free().
static inline int tiergraph_gv_render(GVC_t *gvc, Agraph_t *g, const char *format, char **data, size_t *length) {
    FILE *stream = open_memstream(data, length);
    if (stream == NULL) return -1;
    int rc = gvRender(gvc, g, format, stream);
    if (fclose(stream) != 0) rc = -1;
    return rc;
}
#endif
