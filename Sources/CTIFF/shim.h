// Swift cannot call C variadic functions (TIFFGetField, TIFFSetField), so each
// use goes through a typed static inline wrapper here.
#ifndef CELLQA_CTIFF_SHIM_H
#define CELLQA_CTIFF_SHIM_H
#include <tiffio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static inline int cellqa_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_get_u16_defaulted(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
static inline int cellqa_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int cellqa_tiff_get_u32_defaulted(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
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

/// Size of the per-handle message buffer of `cellqa_tiff_open`.
#define CELLQA_TIFF_MESSAGE_CAPACITY 512

/// Keeps the FIRST error libtiff reports on a handle (the root cause; later ones
/// are consequences such as "Read error on strip") in the caller's buffer.
static int cellqa_tiff_capture_error(TIFF *tif, void *user_data, const char *module,
                                     const char *fmt, va_list ap) {
    (void)tif;
    char *buffer = (char *)user_data;
    if (buffer == NULL || buffer[0] != '\0') return 1;
    int used = 0;
    if (module != NULL) {
        used = snprintf(buffer, CELLQA_TIFF_MESSAGE_CAPACITY, "%s: ", module);
        if (used < 0 || used >= CELLQA_TIFF_MESSAGE_CAPACITY) used = 0;
    }
    vsnprintf(buffer + used, (size_t)(CELLQA_TIFF_MESSAGE_CAPACITY - used), fmt, ap);
    return 1;
}
static int cellqa_tiff_ignore_warning(TIFF *tif, void *user_data, const char *module,
                                      const char *fmt, va_list ap) {
    (void)tif; (void)user_data; (void)module; (void)fmt; (void)ap;
    return 1;
}

/// Opens `path` with per-handle error capture into `message` (at least
/// CELLQA_TIFF_MESSAGE_CAPACITY bytes, zeroed by the caller, alive as long as the
/// handle) and a cap on any single allocation libtiff makes, so a hostile header
/// cannot make it allocate gigabytes. Warnings are dropped.
static inline TIFF *cellqa_tiff_open(const char *path, const char *mode, char *message,
                                     int64_t max_single_allocation) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return NULL;
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)max_single_allocation);
    TIFFOpenOptionsSetErrorHandlerExtR(options, cellqa_tiff_capture_error, message);
    TIFFOpenOptionsSetWarningHandlerExtR(options, cellqa_tiff_ignore_warning, NULL);
    TIFF *tif = TIFFOpenExt(path, mode, options);
    TIFFOpenOptionsFree(options);
    return tif;
}
#endif
