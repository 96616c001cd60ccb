// libpng's simplified API only (png_image_*): the classic API reports errors
// with setjmp/longjmp, which Swift cannot unwind through.
#ifndef CELLQA_CPNG_SHIM_H
#define CELLQA_CPNG_SHIM_H
#include <png.h>

/// PNG_IMAGE_VERSION as a constant Swift can see (macros with casts are not imported).
static inline png_uint_32 cellqa_png_image_version(void) { return PNG_IMAGE_VERSION; }
/// True when the simplified API reported an error (not just a warning).
static inline int cellqa_png_image_failed(const png_image *image) {
    return PNG_IMAGE_FAILED(*image);
}
#endif
