#ifndef TIERGRAPH_CGRAPHVIZ_SHIM_H
#define TIERGRAPH_CGRAPHVIZ_SHIM_H
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// cgraph's graph descriptors are mutable globals, which Swift 6 refuses to read
/// from concurrent code; these accessors hand out copies.
static inline Agdesc_t tiergraph_ag_directed(void) { return Agdirected; }
static inline Agdesc_t tiergraph_ag_strict_directed(void) { return Agstrictdirected; }

/// A laid-out node's position (ND_coord is a macro, which Swift does not import), in points.
static inline double tiergraph_nd_x(Agnode_t *n) { return ND_coord(n).x; }
static inline double tiergraph_nd_y(Agnode_t *n) { return ND_coord(n).y; }

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
/// Text read by cgraph from memory, a line at a time (as agmemread does), so that several graphs
/// can be read from one text.
typedef struct { const char *data; size_t length; size_t cursor; } tiergraph_text;

static inline int tiergraph_text_read(void *channel, char *buffer, int size) {
    tiergraph_text *text = (tiergraph_text *)channel;
    if (size <= 0 || text->cursor >= text->length) return 0;
    int count = 0;
    char c;
    do {
        c = text->data[text->cursor++];
        buffer[count++] = c;
    } while (c != '\n' && count < size && text->cursor < text->length);
    return count;
}

/// Discards what cgraph's lexer has buffered (declared in cgraph's private cghdr.h; exported by
/// libcgraph). After a syntax error the rest of the text would otherwise be read as the start of
/// the next graph parsed, whatever text that is.
extern void aglexbad(void);

/// Reads the first graph of `data` (NUL-terminated) and counts the graphs after it in
/// `*more` (read and closed). The caller checks agerrors() for syntax errors: cgraph may return
/// a partial graph after one. Not thread-safe (nor is cgraph).
static inline Agraph_t *tiergraph_read_first(const char *data, int *more) {
    static Agiodisc_t io;  /* a graph keeps a pointer to its discipline: not on the stack */
    io.afread = tiergraph_text_read;
    io.putstr = AgIoDisc.putstr;
    io.flush = AgIoDisc.flush;
    Agdisc_t disc = { .id = &AgIdDisc, .io = &io };
    tiergraph_text text = { data, strlen(data), 0 };
    *more = 0;
    agsetfile(NULL);  /* line numbers from 1 */
    Agraph_t *graph = agread(&text, &disc);
    if (graph != NULL && agerrors() == 0) {
        Agraph_t *next;
        while ((next = agread(&text, &disc)) != NULL) {
            *more += 1;
            agclose(next);
            if (agerrors() > 0) break;
        }
    }
    aglexbad();
    agsetfile(NULL);
    return graph;
}
#endif
