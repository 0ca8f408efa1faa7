/* atelier-export-job.h: an export recorded in the history, as a child of its
 * source job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"

G_BEGIN_DECLS

/* Records @path, made from @source's model, as a finished job of @kind
 * (provider ATELIER_JOB_PROVIDER_EXPORT, parent @source) with @params (how
 * it was made; the source's prompt and file are added). It goes into the
 * history and the engine's list; returns the engine's job (borrowed). */
AtelierJob *atelier_export_job_record (AtelierEngine  *engine,
                                       AtelierJob     *source,
                                       const char     *source_path,
                                       AtelierJobKind  kind,
                                       const char     *path,
                                       GHashTable     *params,
                                       GError        **error);

/* A file name (without extension) for what is made from @source: a job's
 * file is named after its id, so the prompt says more; else @source's name. */
char       *atelier_export_job_suggest_name (AtelierJob *job,
                                             GFile      *source);

G_END_DECLS
