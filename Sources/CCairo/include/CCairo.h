#ifndef MOTE_CCAIRO_H
#define MOTE_CCAIRO_H

#include <stdbool.h>
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>

/// Loads libcairo on first call; false when it cannot be loaded. Every cairo function Mote calls
/// loads it too, so this is only needed to fail gracefully before drawing.
bool mote_cairo_load(void);

/// Why loading failed (the loader's message), or an empty string.
const char *mote_cairo_load_error(void);

#endif
