/* fuzz-image3d.c: the image3d client's reading of its answers: a
 * submission's, a poll's and the balance (see fuzz-provider.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../src/providers/atelier-image3d.c"

#include "fuzz-provider.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierServiceClient *client = fuzz_client (ATELIER_TYPE_IMAGE3D_PROVIDER);
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(AtelierBalance) balance = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return 0;
  fuzz_read_status (client, root, TRUE);
  fuzz_read_status (client, root, FALSE);

  balance = parse_balance (client, root, &error);
  g_assert ((balance == NULL) != (error == NULL));
  if (balance == NULL)
    fuzz_check_error (error);
  return 0;
}
