// Swift cannot call C variadic functions (TIFFGetField, TIFFSetField), so each
// use goes through a typed static inline wrapper here.
#ifndef CELLQA_CTIFF_SHIM_H
#define CELLQA_CTIFF_SHIM_H
#include <tiffio.h>
#include <stdint.h>

static inline int cellqa_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_get_u16_defaulted(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
static inline int cellqa_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_get_float(TIFF *tif, uint32_t tag, float *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_get_string(TIFF *tif, uint32_t tag, const char **value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value) {
    return TIFFSetField(tif, tag, (int)value);
}
static inline int cellqa_tiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value) {
    return TIFFSetField(tif, tag, value);
}
static inline int cellqa_tiff_set_float(TIFF *tif, uint32_t tag, float value) {
    return TIFFSetField(tif, tag, (double)value);
}
static inline int cellqa_tiff_set_string(TIFF *tif, uint32_t tag, const char *value) {
    return TIFFSetField(tif, tag, value);
}
static inline int cellqa_tiff_set_page(TIFF *tif, uint16_t page, uint16_t total) {
    return TIFFSetField(tif, TIFFTAG_PAGENUMBER, (int)page, (int)total);
}

/// Routes libtiff warnings and errors to no-ops (ImageJ tags make libtiff warn
/// on every file); cellqa reports errors through its own typed errors.
static void cellqa_tiff_silent_handler(const char *module, const char *fmt, va_list ap) {
    (void)module; (void)fmt; (void)ap;
}
static inline void cellqa_tiff_silence(void) {
    TIFFSetWarningHandler(cellqa_tiff_silent_handler);
    TIFFSetErrorHandler(cellqa_tiff_silent_handler);
}
#endif
