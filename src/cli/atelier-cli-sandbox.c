/* atelier-cli-sandbox.c: `atelier-cli sandbox` (placeholder until its work lands)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "atelier-cli-commands.h"

int
atelier_cli_sandbox (int argc, char **argv)
{
  fprintf (stderr, "atelier-cli sandbox: not available in this build\n");
  return ATELIER_CLI_EXIT_FAILED;
}
