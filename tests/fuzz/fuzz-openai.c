/* fuzz-openai.c: the OpenAI-compatible client's reading of its answers
 * (see fuzz-provider.h for how to build and run it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../src/providers/atelier-openai.c"

#include "fuzz-provider.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierServiceClient *client = fuzz_client (ATELIER_TYPE_OPENAI_PROVIDER);
  g_autoptr(JsonNode) root = fuzz_parse (data, size);

  /* The answer to the submission is the only one there is. */
  if (root != NULL)
    fuzz_read_status (client, root, TRUE);
  return 0;
}
