/* atelier-styledna-edit.h: Style DNA edit (Tengr.ai), an image changed by a prompt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-service-client.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_STYLEDNA_EDIT_PROVIDER (atelier_styledna_edit_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierStylednaEditProvider, atelier_styledna_edit_provider, ATELIER, STYLEDNA_EDIT_PROVIDER, AtelierServiceClient)

/* Whether @job is a finished Style DNA job (generate or edit) whose result
 * the service still keeps (it deletes them after 8 days); if not, @error
 * says why. Asks nothing. */
gboolean atelier_styledna_result_is_available            (AtelierJob                  *job,
                                                          GError                     **error);
/* The address of @job's result as the service has it now (GET
 * /v2/artworks/:id), for the imageUrl parameter: "Edit in this style…". */
void     atelier_styledna_edit_provider_result_url_async  (AtelierStylednaEditProvider *self,
                                                          AtelierJob                  *job,
                                                          GCancellable                *cancellable,
                                                          GAsyncReadyCallback          callback,
                                                          gpointer                     user_data);
char    *atelier_styledna_edit_provider_result_url_finish (AtelierStylednaEditProvider *self,
                                                          GAsyncResult                *result,
                                                          GError                     **error);

G_END_DECLS
