/* atelier-batch.h: one prompt sent to several services at once
 *
 * A batch is a prompt, maybe an input image, and a list of services, each
 * with its own options. Submitting it checks every service's parameters
 * first and refuses the whole batch when one is invalid, before anything is
 * sent; then it makes one job per service, all with the batch's id
 * ("batch-id" on AtelierJob, a column of the history).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_BATCH (atelier_batch_get_type ())
G_DECLARE_FINAL_TYPE (AtelierBatch, atelier_batch, ATELIER, BATCH, GObject)

/* Properties: "id" (a new random one), "prompt", "image" (a local path or
 * NULL), "submitted". */

AtelierBatch       *atelier_batch_new          (const char     *prompt);
const char         *atelier_batch_get_id       (AtelierBatch   *self);
const char         *atelier_batch_get_prompt   (AtelierBatch   *self);
/* The input image, for the services that take one (an "image" file
 * parameter); the others get the prompt alone, and a note says so. */
void                atelier_batch_set_image    (AtelierBatch   *self,
                                                const char     *path);
const char         *atelier_batch_get_image    (AtelierBatch   *self);
/* Adds a service with its options (name → value, copied; NULL for none).
 * A service added again keeps its place and takes the new options. */
void                atelier_batch_add_service  (AtelierBatch   *self,
                                                const char     *provider_id,
                                                GHashTable     *options);
/* The services in the order added (borrowed, NULL-terminated). */
const char * const *atelier_batch_get_services (AtelierBatch   *self);
/* What @provider_id's job is asked: its options, the prompt and the image
 * where it takes them. NULL for a service not in the batch. */
GHashTable         *atelier_batch_dup_params   (AtelierBatch   *self,
                                                AtelierEngine  *engine,
                                                const char     *provider_id);
/* Every service's parameters against its rules (the table's, then the
 * service's own). The error names the service and the rule. */
gboolean            atelier_batch_validate     (AtelierBatch   *self,
                                                AtelierEngine  *engine,
                                                GError        **error);
/* Validates, then makes one job per service in @engine (once). FALSE with
 * the refusal, and no job made, when any service's parameters are invalid. */
gboolean            atelier_batch_submit       (AtelierBatch   *self,
                                                AtelierEngine  *engine,
                                                GError        **error);
gboolean            atelier_batch_get_submitted (AtelierBatch  *self);
/* After submitting: the jobs, in the order of the services (borrowed). */
GPtrArray          *atelier_batch_get_jobs     (AtelierBatch   *self);
/* What some service could not take (translated sentences, borrowed,
 * NULL-terminated, maybe empty): "Core3D takes no input image: it was sent
 * the prompt alone." */
const char * const *atelier_batch_get_notes    (AtelierBatch   *self);
/* {"batch": id, "jobs": [job…], "notes": [text…]}, as `atelier-cli batch --json`. */
JsonNode           *atelier_batch_to_json      (AtelierBatch   *self);

G_END_DECLS
