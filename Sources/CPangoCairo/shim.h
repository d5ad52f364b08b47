#ifndef EXPUNGE_CPANGOCAIRO_SHIM_H
#define EXPUNGE_CPANGOCAIRO_SHIM_H
/* Pango (1.50) with its cairo back end: text layout, shaping (HarfBuzz) and font fallback
 * (fontconfig). PANGO_SCALE and g_object_unref's gpointer argument are re-exported as typed
 * functions. No feature macros. */
#include <pango/pangocairo.h>

static inline int expunge_pango_scale(void) { return PANGO_SCALE; }
static inline void expunge_g_object_unref(void *object) { g_object_unref(object); }
#endif
