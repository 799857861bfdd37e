/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yichuangd"

#include "config.h"

#include "yc-cli.h"

int
main (int    argc,
      char **argv)
{
  return yc_cli_main (argc, argv);
}
