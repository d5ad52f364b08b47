#ifndef EXPUNGE_CCAIRO_SHIM_H
#define EXPUNGE_CCAIRO_SHIM_H
/* cairo (1.16) as Expunge uses it: the PDF surface, paths and colours. No feature macros. */
#include <cairo.h>
#include <cairo-pdf.h>
#endif
