#include "config.h"
#include <stdio.h>
#include "atelier-cli-commands.h"

int
atelier_cli_generate (int argc, char **argv)
{
  fprintf (stderr, "atelier-cli generate: not available yet\n");
  return ATELIER_CLI_EXIT_FAILED;
}
