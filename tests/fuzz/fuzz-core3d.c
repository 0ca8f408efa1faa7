/* fuzz-core3d.c: the Core3D client's reading of generations, styles and
 * uploads (see fuzz-provider.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../../src/providers/atelier-core3d.c"

#include "fuzz-provider.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  AtelierServiceClient *client = fuzz_client (ATELIER_TYPE_CORE3D_PROVIDER);
  g_autoptr(JsonNode) root = fuzz_parse (data, size);
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(AtelierHttpRequest) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) upload_error = NULL;

  if (root == NULL)
    return 0;
  fuzz_read_status (client, root, TRUE);
  fuzz_read_status (client, root, FALSE);

  styles = parse_styles (client, root, &error);
  g_assert ((styles == NULL) != (error == NULL));
  if (styles != NULL)
    {
      /* Every style has the id the style parameter takes. */
      for (guint i = 0; i < styles->len; i++)
        g_assert (((AtelierCore3dStyle *) g_ptr_array_index (styles, i))->id != NULL);
    }
  else
    fuzz_check_error (error);

  upload = parse_upload (client, root, &upload_error);
  g_assert ((upload == NULL) != (upload_error == NULL));
  return 0;
}
