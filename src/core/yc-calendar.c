/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the module lands. */
#include "config.h"

#include "yc-calendar.h"
