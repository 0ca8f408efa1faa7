/* atelier-cost.h: what a service said a job cost
 *
 * A job's cost is only ever what its service reported: image3d's credits
 * (with the tier and the balance before and after), OpenAI's usage tokens,
 * the images Core3D and Style DNA made. A job without one (NULL) costs
 * "unknown": nothing here estimates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Units the clients report; any other word is kept as the service said it. */
#define ATELIER_COST_UNIT_CREDITS "credits"
#define ATELIER_COST_UNIT_TOKENS  "tokens"
#define ATELIER_COST_UNIT_IMAGES  "images"

typedef struct
{
  char   *unit;           /* what @amount counts: "credits", "tokens", "images" */
  gint64  amount;         /* ≥ 0 */
  char   *tier;           /* NULL, or what was bought (image3d's "fast", "ultra") */
  gint64  balance_before; /* -1: not said */
  gint64  balance_after;  /* -1: not said */
  gint64  input_tokens;   /* -1: not said (OpenAI usage) */
  gint64  output_tokens;
  gint64  image_tokens;   /* input and output image tokens together */
} AtelierCost;

#define ATELIER_TYPE_COST (atelier_cost_get_type ())
GType        atelier_cost_get_type      (void) G_GNUC_CONST;
/* @unit must be a non-empty word; @amount ≥ 0. */
AtelierCost *atelier_cost_new           (const char        *unit,
                                         gint64             amount);
AtelierCost *atelier_cost_copy          (const AtelierCost *cost);
void         atelier_cost_free          (AtelierCost       *cost);
gboolean     atelier_cost_equal         (const AtelierCost *a,
                                         const AtelierCost *b);
void         atelier_cost_set_tier      (AtelierCost       *cost,
                                         const char        *tier);

/* {"unit", "amount", and the known ones of "tier", "balance_before",
 * "balance_after", "input_tokens", "output_tokens", "image_tokens"}. */
JsonNode    *atelier_cost_to_json       (const AtelierCost *cost);
/* NULL for anything that is not such an object (a damaged record loses
 * only its cost, which is then unknown). */
AtelierCost *atelier_cost_new_from_json (JsonNode          *node);

/* Translated: "12 credits (fast tier) · balance 488 → 476", "1,234 tokens". */
char        *atelier_cost_format        (const AtelierCost *cost);
/* Translated: "12 credits", "1,234 tokens", "3 images", "5 widgets". */
char        *atelier_cost_format_amount (const char        *unit,
                                         gint64             amount);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierCost, atelier_cost_free)

G_END_DECLS
