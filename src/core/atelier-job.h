/* atelier-job.h: one generation request and everything that happened to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "atelier-cost.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_JOB_KIND_IMAGE,
  ATELIER_JOB_KIND_MODEL,
} AtelierJobKind;

typedef enum
{
  ATELIER_JOB_STATUS_QUEUED,
  ATELIER_JOB_STATUS_SUBMITTING,
  ATELIER_JOB_STATUS_RUNNING,
  ATELIER_JOB_STATUS_DOWNLOADING,
  ATELIER_JOB_STATUS_DONE,
  ATELIER_JOB_STATUS_FAILED,
  ATELIER_JOB_STATUS_CANCELLED,
} AtelierJobStatus;

#define ATELIER_TYPE_JOB_KIND   (atelier_job_kind_get_type ())
#define ATELIER_TYPE_JOB_STATUS (atelier_job_status_get_type ())
GType atelier_job_kind_get_type   (void) G_GNUC_CONST;
GType atelier_job_status_get_type (void) G_GNUC_CONST;

/* The provider id of a job Atelier did itself, not a service: an optimized
 * export or a turntable of another job's model (its parent). Such a job is
 * recorded done, with its file as output, and is never run. */
#define ATELIER_JOB_PROVIDER_EXPORT "export"

#define ATELIER_TYPE_JOB (atelier_job_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJob, atelier_job, ATELIER, JOB, GObject)

/* Properties: "id", "provider", "kind", "status", "progress" (-1 = unknown),
 * "remote-id", "prompt" (derived from params), "error-message", "error-kind",
 * "help-url", "retry-safe", "parent-id" (the job this one was made from, or NULL),
 * "batch-id" (the batch this job was sent in with others, one prompt to
 * several services, or NULL),
 * "starred", "created", "updated", "finished" (unix µs, 0 = not yet),
 * "outputs" (GStrv of absolute file paths), "pending-outputs" (GStrv of
 * remote refs still to download: URLs or provider refs), "starred-outputs"
 * (GStrv: the outputs starred one by one, a subset of "outputs", kept in the
 * history as "starred_outputs"), "previews" (GStrv of image files a streaming
 * service sent before the result, oldest first; the result itself is an
 * output), "results" (name →
 * value: what the service made besides files, e.g. Core3D's "design" URI, or
 * the "answer" a failure could not read), "cost" (AtelierCost: what the
 * service said the job cost; NULL = unknown). Setters notify only on change. */

/* No service makes more for one job (OpenAI: n ≤ 10; edits take up to 16
 * images): an answer listing more is refused, not stored, and a history
 * record listing more is read only that far. */
#define ATELIER_MAX_OUTPUTS 16

AtelierJob       *atelier_job_new                 (const char     *provider,
                                                   AtelierJobKind  kind,
                                                   GHashTable     *params);
const char       *atelier_job_get_id              (AtelierJob     *self);
const char       *atelier_job_get_provider        (AtelierJob     *self);
AtelierJobKind    atelier_job_get_kind            (AtelierJob     *self);
AtelierJobStatus  atelier_job_get_status          (AtelierJob     *self);
void              atelier_job_set_status          (AtelierJob     *self,
                                                   AtelierJobStatus status);
gboolean          atelier_job_is_finished         (AtelierJob     *self);
double            atelier_job_get_progress        (AtelierJob     *self);
void              atelier_job_set_progress        (AtelierJob     *self,
                                                   double          progress);
const char       *atelier_job_get_remote_id       (AtelierJob     *self);
void              atelier_job_set_remote_id       (AtelierJob     *self,
                                                   const char     *remote_id);
const char       *atelier_job_get_prompt          (AtelierJob     *self);
const char       *atelier_job_get_error_message   (AtelierJob     *self);
gboolean          atelier_job_get_retry_safe      (AtelierJob     *self);
/* Sets status FAILED, the message, and whether resubmitting cannot double-charge. */
void              atelier_job_fail                (AtelierJob     *self,
                                                   const char     *message,
                                                   gboolean        retry_safe);
/* The same, with what the person can do about it: @kind is "no-credits" or
 * "sign-in" (or NULL), @help_url a page that helps (or NULL). */
void              atelier_job_fail_full           (AtelierJob     *self,
                                                   const char     *message,
                                                   gboolean        retry_safe,
                                                   const char     *kind,
                                                   const char     *help_url);
const char       *atelier_job_get_error_kind      (AtelierJob     *self);
const char       *atelier_job_get_help_url        (AtelierJob     *self);
const char       *atelier_job_get_result          (AtelierJob     *self,
                                                   const char     *name);
/* @value NULL removes it. */
void              atelier_job_set_result          (AtelierJob     *self,
                                                   const char     *name,
                                                   const char     *value);
/* Borrowed. */
GHashTable       *atelier_job_get_results         (AtelierJob     *self);
const char       *atelier_job_get_parent_id       (AtelierJob     *self);
void              atelier_job_set_parent_id       (AtelierJob     *self,
                                                   const char     *parent_id);
const char       *atelier_job_get_batch_id        (AtelierJob     *self);
void              atelier_job_set_batch_id        (AtelierJob     *self,
                                                   const char     *batch_id);
gboolean          atelier_job_get_starred         (AtelierJob     *self);
void              atelier_job_set_starred         (AtelierJob     *self,
                                                   gboolean        starred);
gint64            atelier_job_get_created         (AtelierJob     *self);
gint64            atelier_job_get_updated         (AtelierJob     *self);
gint64            atelier_job_get_finished        (AtelierJob     *self);
const char * const *atelier_job_get_outputs       (AtelierJob     *self);
void              atelier_job_add_output          (AtelierJob     *self,
                                                   const char     *path);
const char * const *atelier_job_get_starred_outputs (AtelierJob   *self);
gboolean          atelier_job_get_output_starred  (AtelierJob     *self,
                                                   const char     *path);
/* @path must be one of the outputs to be starred; unstarring anything is fine. */
void              atelier_job_set_output_starred  (AtelierJob     *self,
                                                   const char     *path,
                                                   gboolean        starred);
/* Images shown while the result forms (OpenAI's partial images). */
const char * const *atelier_job_get_previews      (AtelierJob     *self);
void              atelier_job_add_preview         (AtelierJob     *self,
                                                   const char     *path);
void              atelier_job_clear_previews      (AtelierJob     *self);
const char * const *atelier_job_get_pending_outputs (AtelierJob   *self);
void              atelier_job_set_pending_outputs (AtelierJob     *self,
                                                   const char * const *refs);
void              atelier_job_remove_pending_output (AtelierJob   *self,
                                                   const char     *ref);
/* NULL: the service did not say. A retried job keeps its last cost until
 * the service reports a new one. */
const AtelierCost *atelier_job_get_cost           (AtelierJob     *self);
void              atelier_job_set_cost            (AtelierJob     *self,
                                                   const AtelierCost *cost);
/* Parameters as given (name → string value); never contains secrets. */
GHashTable       *atelier_job_get_params          (AtelierJob     *self);
const char       *atelier_job_get_param           (AtelierJob     *self,
                                                   const char     *name);
/* Reset a failed/cancelled job so the engine can run it again. */
void              atelier_job_reset               (AtelierJob     *self);
/* Back to queued, keeping the remote id and pending outputs, so the engine
 * resumes polling or downloading instead of paying for a new submission. */
void              atelier_job_requeue             (AtelierJob     *self);

/* Serialisation used by the history and `atelier-cli --json`. */
JsonNode         *atelier_job_to_json             (AtelierJob     *self);
AtelierJob       *atelier_job_new_from_json       (JsonNode       *node,
                                                   GError        **error);
/* Copy every field from @other (same id) without emitting spurious notifies. */
void              atelier_job_update_from         (AtelierJob     *self,
                                                   AtelierJob     *other);

const char       *atelier_job_status_to_string    (AtelierJobStatus status);
gboolean          atelier_job_status_from_string  (const char     *str,
                                                   AtelierJobStatus *status);
/* Translated, for the UI: "Queued", "Running"… */
const char       *atelier_job_status_get_label    (AtelierJobStatus status);
const char       *atelier_job_kind_to_string      (AtelierJobKind  kind);

G_END_DECLS
