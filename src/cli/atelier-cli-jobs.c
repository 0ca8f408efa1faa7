#include "config.h"
#include <stdio.h>
#include "atelier-cli-commands.h"

int
atelier_cli_jobs (int argc, char **argv)
{
  fprintf (stderr, "atelier-cli jobs: not available yet\n");
  return ATELIER_CLI_EXIT_FAILED;
}

int
atelier_cli_styles (int argc, char **argv)
{
  fprintf (stderr, "atelier-cli styles: not available yet\n");
  return ATELIER_CLI_EXIT_FAILED;
}

int
atelier_cli_balance (int argc, char **argv)
{
  fprintf (stderr, "atelier-cli balance: not available yet\n");
  return ATELIER_CLI_EXIT_FAILED;
}
