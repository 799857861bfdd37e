/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forward declarations shared by libyc-core and the layers above it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _YcCalendar   YcCalendar;
typedef struct _YcCatalogue  YcCatalogue;
typedef struct _YcDepartment YcDepartment;
typedef struct _YcTownship   YcTownship;
typedef struct _YcWindow     YcWindow;
typedef struct _YcMaterial   YcMaterial;
typedef struct _YcItem       YcItem;
typedef struct _YcCase       YcCase;
typedef struct _YcActor      YcActor;

G_END_DECLS
