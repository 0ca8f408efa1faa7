/* atelier-core3d-client.h: what every Core3D client is (image generations,
 * product designs, print exports)
 *
 * The three Core3D clients share one account and one shape of job: a
 * resource submitted, polled until "ok", its results upload URIs resolved to
 * presigned links. Each also keeps one free listing (core3d's styles, the
 * products of design and export) that a submission is checked against
 * before anything is paid for, and that may fill a parameter's choices. This
 * abstract base holds all of that once; a client says what it lists, how its
 * failures read and what a finished job made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-service-client.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CORE3D_CLIENT (atelier_core3d_client_get_type ())
G_DECLARE_DERIVABLE_TYPE (AtelierCore3dClient, atelier_core3d_client, ATELIER, CORE3D_CLIENT, AtelierServiceClient)

struct _AtelierCore3dClientClass
{
  AtelierServiceClientClass parent_class;

  /* The listing (set with atelier_core3d_client_class_set_listing()). */
  const char          *listing_path;
  AtelierAnswerFunc    parse_listing;
  const char          *listed_param;
  /* What a listed item gives its parameter (its key) and a list (a label),
   * and a new array of copies of the items, for a caller to keep. */
  const char         *(*item_key)    (gconstpointer item);
  AtelierParamChoice *(*item_choice) (gconstpointer item);
  GPtrArray          *(*copy_items)  (GPtrArray    *items);
  /* The item a value names (an id, a URI, a name), or NULL. */
  gconstpointer       (*find_item)   (GPtrArray    *items,
                                      const char   *value);

  /* How a job Core3D gave up on reads: its words in failed_format (one
   * %s), else failed_fallback. */
  const char          *failed_format;
  const char          *failed_fallback;

  /* What an answer says beyond the job's state, into @status (required,
   * set with atelier_core3d_client_class_set_jobs()): for a finished ("ok")
   * job, its results. */
  gboolean (*read_answer) (AtelierCore3dClient  *self,
                           AtelierRemoteStatus  *status,
                           JsonObject           *answer,
                           GError              **error);
  /* A new listing came (optional), before the waiters are answered. */
  void     (*listed)      (AtelierCore3dClient  *self,
                           GPtrArray            *items);
  /* Sends a job checked against the listing, or not when it could not be
   * listed (@listing_error). Takes @task. Default: the submission. */
  void     (*send)        (AtelierCore3dClient  *self,
                           AtelierJob           *job,
                           GTask                *task,
                           const GError         *listing_error);

  gpointer padding[4];
};

/* For class_init: GET @path (static) is the listing, read by @parse into a
 * GPtrArray; a submission is checked against it by @param (NULL: none),
 * whose choices it fills when @param's spec is flagged
 * ATELIER_PARAM_FLAG_SERVICE_CHOICES. Free, and answered only with the
 * right token: it is also what "Test connection" asks. */
void                     atelier_core3d_client_class_set_listing (AtelierCore3dClientClass *klass,
                                                                  const char               *path,
                                                                  AtelierAnswerFunc         parse,
                                                                  const char               *param);

/* AtelierCore3dClientClass.read_answer */
typedef gboolean (*AtelierCore3dReadAnswer) (AtelierCore3dClient  *self,
                                             AtelierRemoteStatus  *status,
                                             JsonObject           *answer,
                                             GError              **error);

/* For class_init: how the client's jobs read: @read_answer what an answer
 * says beyond the job's state, @failed_format (one %s, N_() marked) with
 * Core3D's words about a failure, else @failed_fallback. */
void                     atelier_core3d_client_class_set_jobs (AtelierCore3dClientClass *klass,
                                                               AtelierCore3dReadAnswer   read_answer,
                                                               const char               *failed_format,
                                                               const char               *failed_fallback);

/* Fetches the listing (once; later calls answer from the cache unless
 * @refresh); finishes with a new array of copies of its items. */
void                     atelier_core3d_client_list_async  (AtelierCore3dClient  *self,
                                                            gboolean              refresh,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GPtrArray               *atelier_core3d_client_list_finish (AtelierCore3dClient  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* The cached listing (borrowed), NULL before the first one. */
GPtrArray               *atelier_core3d_client_get_items   (AtelierCore3dClient  *self);
/* The item @value names in the cached listing, or NULL. */
gconstpointer            atelier_core3d_client_find        (AtelierCore3dClient  *self,
                                                            const char           *value);
/* The item the listed parameter names in @params, or NULL. */
gconstpointer            atelier_core3d_client_listed      (AtelierCore3dClient  *self,
                                                            GHashTable           *params);
/* The client's own parameter table (the listing fills its choices). */
const AtelierParamTable *atelier_core3d_client_get_table   (AtelierCore3dClient  *self);

/* POST /generations {type: @type, data: @data (taken)}: how every Core3D
 * generation starts, whatever it makes. */
AtelierHttpRequest      *atelier_core3d_client_generation  (AtelierCore3dClient  *self,
                                                            const char           *type,
                                                            JsonNode             *data);
/* Any value of @node, at most a few levels down, that starts with @prefix
 * (a Core3D URI of one kind, "core3d:design:"): where an undocumented
 * answer is searched last. NULL when none (borrowed from @node). */
const char              *atelier_core3d_find_uri           (JsonNode             *node,
                                                            const char           *prefix);
/* For a finished @status whose @answer names no result where the client
 * looked (@message says where): FAILED instead, the answer (the token
 * taken out) kept for a bug report. Returns TRUE, for read_answer. */
gboolean                 atelier_core3d_client_unnamed     (AtelierCore3dClient  *self,
                                                            AtelierRemoteStatus  *status,
                                                            JsonObject           *answer,
                                                            const char           *message);

G_END_DECLS
