/* fuzz-styledna.c: the Style DNA client's reading of artworks and anchors
 * (see fuzz-provider.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../src/providers/atelier-styledna.c"

#include "fuzz-provider.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierServiceClient *client = fuzz_client (ATELIER_TYPE_STYLEDNA_PROVIDER);
  g_autoptr(JsonNode) root = fuzz_parse (data, size);

  /* An anchor's answers are read the same way. */
  if (root != NULL)
    {
      fuzz_read_status (client, root, TRUE);
      fuzz_read_status (client, root, FALSE);
    }
  return 0;
}
