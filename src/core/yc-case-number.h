/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case numbers a workstation can mint offline: region + window + date + sequence,
 * "320826-C07-20261129-0042". The sequence is per window and day; the server rejects a clash. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  region[7];               /* six digits */
  char  window[9];               /* [A-Z0-9]{1,8} */
  guint year;
  guint month;
  guint day;
  guint sequence;                /* 1..9999 */
} YcCaseNumber;

char    *yc_case_number_format (const YcCaseNumber *number);
/* Errors in YC_ID_ERROR, naming the part that is wrong. */
gboolean yc_case_number_parse  (const char   *text,
                                YcCaseNumber *number,
                                GError      **error);

G_END_DECLS
