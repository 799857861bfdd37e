/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Negotiating YcScanSettings with a device by SANE's well-known option names, within each
 * option's constraints. Scanner thread only (every call here is a sane_* call). The pure
 * helpers are separate so that tests can feed them constraints no test device has. */
#pragma once

#include <sane/sane.h>

#include "yc-scan-settings.h"

G_BEGIN_DECLS

/* The first of @wanted (in order of preference) that @list offers, compared without case;
 * NULL if none. */
const char          *yc_sane_match_string   (const SANE_String_Const *list,
                                             const char * const      *wanted);
/* Names drivers use for each mode and source, most specific first. */
const char * const  *yc_sane_mode_names     (YcScanMode               mode);
const char * const  *yc_sane_source_names   (YcScanSource             source);
/* The allowed value of a FIXED or INT option closest to @wanted (range with its step, or
 * word list), in the option's own unit. */
double               yc_sane_closest_value  (const SANE_Option_Descriptor *option,
                                             double                   wanted);

/* The sources a device offers, as bits (1 << YcScanSource): those of its source option's
 * @list that we know by name, with duplex also where a @duplex_switch sits beside a feeder.
 * The glass alone when it lists none (its one source gives a single page). */
guint                yc_sane_sources_from_list (const SANE_String_Const *list,
                                                gboolean                 duplex_switch);
/* The same for the open device. */
guint                yc_sane_query_sources  (SANE_Handle              handle);

/* Applies @wanted to the open device and returns what it really took (resolution read back,
 * the scan area, the source and mode after fallbacks). Backend-specific options are for
 * this job only: @restore receives what puts them back (even on failure), for
 * yc_sane_restore() once the device has stopped. */
YcScanSettings      *yc_sane_negotiate      (SANE_Handle              handle,
                                             YcScanSettings          *wanted,
                                             GPtrArray              **restore,
                                             GError                 **error);
void                 yc_sane_restore        (SANE_Handle              handle,
                                             GPtrArray               *restore);

G_END_DECLS
