/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libyc-core: the domain of the county service centre. GLib, GIO and json-glib only. */
#pragma once

#include "yc-types.h"
#include "yc-ids.h"
#include "yc-calendar.h"
#include "yc-catalogue.h"
#include "yc-case.h"
#include "yc-case-machine.h"
#include "yc-case-number.h"
