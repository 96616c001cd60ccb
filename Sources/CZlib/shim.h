// zlib's stream API. inflateInit2/deflateInit2 are macros (they pass the library
// version and the struct size), which Swift does not import: wrapped here.
#ifndef CELLQA_CZLIB_SHIM_H
#define CELLQA_CZLIB_SHIM_H
#include <zlib.h>

/// `windowBits` 15 + 32: a zlib or a gzip stream, detected from its header.
static inline int cellqa_inflate_init(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}
/// `gzip` non-zero: a gzip stream (`windowBits` 15 + 16), else a zlib stream (15).
static inline int cellqa_deflate_init(z_streamp stream, int level, int gzip) {
    return deflateInit2(stream, level, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
}
#endif
