// Cairo, loaded the first time something is drawn.
//
// Linking libcairo directly loads it and eighteen libraries it needs (X11, xcb, pixman,
// fontconfig, freetype, png, ...) into every kernel at start-up: about 2 MiB of resident memory
// and a few milliseconds, though most cells never draw. So Mote defines the cairo functions it
// calls here, each forwarding to the real one, and opens the library on first use.

#define cairo_public __attribute__((visibility("hidden")))
#include "CCairo.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Every cairo function Mote calls: return type, name, parameters, arguments.
#define MOTE_CAIRO_FUNCTIONS(R, V)                                                                           \
    V(cairo_arc, (cairo_t *cr, double xc, double yc, double radius, double angle1, double angle2),             \
      (cr, xc, yc, radius, angle1, angle2))                                                                    \
    V(cairo_clip, (cairo_t *cr), (cr))                                                                         \
    V(cairo_close_path, (cairo_t *cr), (cr))                                                                   \
    R(cairo_t *, cairo_create, (cairo_surface_t *target), (target))                                           \
    V(cairo_destroy, (cairo_t *cr), (cr))                                                                      \
    V(cairo_fill, (cairo_t *cr), (cr))                                                                         \
    V(cairo_font_extents, (cairo_t *cr, cairo_font_extents_t *extents), (cr, extents))                         \
    R(cairo_font_options_t *, cairo_font_options_create, (void), ())                                          \
    V(cairo_font_options_destroy, (cairo_font_options_t *options), (options))                                  \
    V(cairo_font_options_set_antialias, (cairo_font_options_t *options, cairo_antialias_t antialias),          \
      (options, antialias))                                                                                    \
    V(cairo_font_options_set_hint_metrics, (cairo_font_options_t *options, cairo_hint_metrics_t metrics),      \
      (options, metrics))                                                                                      \
    V(cairo_font_options_set_hint_style, (cairo_font_options_t *options, cairo_hint_style_t style),            \
      (options, style))                                                                                        \
    R(cairo_surface_t *, cairo_image_surface_create, (cairo_format_t format, int width, int height),          \
      (format, width, height))                                                                                 \
    V(cairo_line_to, (cairo_t *cr, double x, double y), (cr, x, y))                                            \
    V(cairo_move_to, (cairo_t *cr, double x, double y), (cr, x, y))                                            \
    V(cairo_new_path, (cairo_t *cr), (cr))                                                                     \
    V(cairo_new_sub_path, (cairo_t *cr), (cr))                                                                 \
    V(cairo_paint, (cairo_t *cr), (cr))                                                                        \
    V(cairo_rectangle, (cairo_t *cr, double x, double y, double width, double height), (cr, x, y, width, height)) \
    V(cairo_restore, (cairo_t *cr), (cr))                                                                      \
    V(cairo_rotate, (cairo_t *cr, double angle), (cr, angle))                                                  \
    V(cairo_save, (cairo_t *cr), (cr))                                                                         \
    V(cairo_scale, (cairo_t *cr, double sx, double sy), (cr, sx, sy))                                          \
    V(cairo_select_font_face,                                                                                  \
      (cairo_t *cr, const char *family, cairo_font_slant_t slant, cairo_font_weight_t weight),                \
      (cr, family, slant, weight))                                                                             \
    V(cairo_set_font_options, (cairo_t *cr, const cairo_font_options_t *options), (cr, options))               \
    V(cairo_set_font_size, (cairo_t *cr, double size), (cr, size))                                             \
    V(cairo_set_line_cap, (cairo_t *cr, cairo_line_cap_t cap), (cr, cap))                                     \
    V(cairo_set_line_join, (cairo_t *cr, cairo_line_join_t join), (cr, join))                                 \
    V(cairo_set_line_width, (cairo_t *cr, double width), (cr, width))                                          \
    V(cairo_set_source_rgb, (cairo_t *cr, double red, double green, double blue), (cr, red, green, blue))     \
    V(cairo_set_source_rgba, (cairo_t *cr, double red, double green, double blue, double alpha),               \
      (cr, red, green, blue, alpha))                                                                           \
    V(cairo_show_text, (cairo_t *cr, const char *utf8), (cr, utf8))                                            \
    V(cairo_stroke, (cairo_t *cr), (cr))                                                                       \
    V(cairo_surface_destroy, (cairo_surface_t *surface), (surface))                                            \
    V(cairo_surface_finish, (cairo_surface_t *surface), (surface))                                             \
    V(cairo_surface_flush, (cairo_surface_t *surface), (surface))                                              \
    R(cairo_status_t, cairo_surface_write_to_png_stream,                                                      \
      (cairo_surface_t *surface, cairo_write_func_t write, void *closure), (surface, write, closure))          \
    R(cairo_surface_t *, cairo_svg_surface_create_for_stream,                                                 \
      (cairo_write_func_t write, void *closure, double width, double height), (write, closure, width, height)) \
    V(cairo_svg_surface_set_document_unit, (cairo_surface_t *surface, cairo_svg_unit_t unit), (surface, unit)) \
    V(cairo_text_extents, (cairo_t *cr, const char *utf8, cairo_text_extents_t *extents), (cr, utf8, extents)) \
    V(cairo_translate, (cairo_t *cr, double tx, double ty), (cr, tx, ty))

#define POINTER(type, name, params, args) type(*name) params;
#define VOID_POINTER(name, params, args) POINTER(void, name, params, args)
static struct {
    MOTE_CAIRO_FUNCTIONS(POINTER, VOID_POINTER)
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded = false;
static char load_error[512] = "";

static void load(void) {
    void *library = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
#define RESOLVE(type, name, params, args)                                                       \
    if ((*(void **)&real.name = dlsym(library, #name)) == NULL) {                                \
        snprintf(load_error, sizeof load_error, "libcairo.so.2 has no %s (cairo 1.16 or later is needed)", #name); \
        return;                                                                                  \
    }
#define VOID_RESOLVE(name, params, args) RESOLVE(void, name, params, args)
    MOTE_CAIRO_FUNCTIONS(RESOLVE, VOID_RESOLVE)
    loaded = true;
}

bool mote_cairo_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *mote_cairo_load_error(void) {
    pthread_once(&once, load);
    return load_error;
}

// Reached only when a caller skipped mote_cairo_load's answer; there is no cairo to call.
static void require_cairo(void) {
    if (!mote_cairo_load()) {
        fprintf(stderr, "mote: cannot draw without cairo: %s\n", load_error);
        abort();
    }
}

#define FORWARD(type, name, params, args) \
    type name params {                    \
        require_cairo();                  \
        return real.name args;            \
    }
#define VOID_FORWARD(name, params, args) \
    void name params {                   \
        require_cairo();                 \
        real.name args;                  \
    }
MOTE_CAIRO_FUNCTIONS(FORWARD, VOID_FORWARD)
