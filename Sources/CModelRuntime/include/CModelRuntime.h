#ifndef CELLQA_CMODELRUNTIME_H
#define CELLQA_CMODELRUNTIME_H

/* A plain C interface over OpenCV's dnn module (cv::dnn::readNetFromONNX,
 * setInput, forward), so Swift never sees C++ or OpenCV headers.
 * Every call catches OpenCV's C++ exceptions and reports them as a message. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An ONNX network loaded by OpenCV dnn. Opaque; free with cellqa_model_free. */
typedef struct cellqa_model cellqa_model;

/** Loads an ONNX model from `path`. On failure returns NULL and writes a
 *  NUL-terminated message (truncated to `error_capacity`) into `error`. */
cellqa_model *cellqa_model_load(const char *path, char *error, size_t error_capacity);

/** Runs the network on one image: `input` holds `channels` planes of
 *  `height`×`width` float32, each row-major, fed as a 1×`channels`×H×W blob (NCHW).
 *  The output must be 1×C×H'×W' (or 1×H'×W'); its last channel (the foreground of
 *  a background/foreground output) is copied into `output` (row-major, at most
 *  `output_capacity` floats) and its size into `out_height`/`out_width`.
 *  Returns 0 on success, -1 with a message in `error`.
 *  Calls on one model are serialised (OpenCV's Net is not reentrant). */
int cellqa_model_run(cellqa_model *model, const float *input, int height, int width, int channels,
                     float *output, size_t output_capacity, int *out_height, int *out_width,
                     char *error, size_t error_capacity);

/** Releases a model from cellqa_model_load (NULL is allowed). */
void cellqa_model_free(cellqa_model *model);

#ifdef __cplusplus
}
#endif

#endif
