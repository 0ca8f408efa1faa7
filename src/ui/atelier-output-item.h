/* atelier-output-item.h: one output of a job, as a tile of the gallery shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_OUTPUT_ITEM (atelier_output_item_get_type ())
G_DECLARE_FINAL_TYPE (AtelierOutputItem, atelier_output_item, ATELIER, OUTPUT_ITEM, GObject)

/* How many tiles @job makes: one per image it made (a model job: one per
 * model, its images being the model's previews), and one standing for the
 * job itself while it has none (running, failed, or only an archive).
 * Never 0, and cheap: it reads the outputs' names only. */
guint              atelier_output_item_count_for_job (AtelierJob *job);

/* The @index-th tile of @job (index < count_for_job). */
AtelierOutputItem *atelier_output_item_new        (AtelierJob        *job,
                                                   guint              index);
AtelierJob        *atelier_output_item_get_job    (AtelierOutputItem *self);
guint              atelier_output_item_get_index  (AtelierOutputItem *self);
/* Tiles of the same job. */
guint              atelier_output_item_get_n_in_job (AtelierOutputItem *self);
/* The file this tile stands for (an image or a model), or NULL for the
 * tile of a job without one. */
const char        *atelier_output_item_get_path   (AtelierOutputItem *self);
gboolean           atelier_output_item_is_model   (AtelierOutputItem *self);
/* What to draw as the thumbnail: the image itself, a model's preview image
 * when the job has one, else NULL (a model is then rendered). */
const char        *atelier_output_item_get_image_path (AtelierOutputItem *self);

G_END_DECLS
