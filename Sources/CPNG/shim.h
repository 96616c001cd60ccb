// libpng's simplified API only (png_image_*): the classic API reports errors
// with setjmp/longjmp, which Swift cannot unwind through.
#ifndef CELLQA_CPNG_SHIM_H
#define CELLQA_CPNG_SHIM_H
#include <png.h>
#endif
