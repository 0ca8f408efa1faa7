/* atelier-cost.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cost"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-cost.h"

G_DEFINE_BOXED_TYPE (AtelierCost, atelier_cost, atelier_cost_copy, atelier_cost_free)

/* A unit is a word the history and the CLI print: kept short and plain. */
static gboolean
unit_is_usable (const char *unit)
{
  if (unit == NULL || *unit == '\0' || strlen (unit) > 32)
    return FALSE;
  for (const char *p = unit; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

AtelierCost *
atelier_cost_new (const char *unit,
                  gint64      amount)
{
  AtelierCost *cost;

  g_return_val_if_fail (unit_is_usable (unit), NULL);
  g_return_val_if_fail (amount >= 0, NULL);

  cost = g_new0 (AtelierCost, 1);
  cost->unit = g_strdup (unit);
  cost->amount = amount;
  cost->balance_before = cost->balance_after = -1;
  cost->input_tokens = cost->output_tokens = cost->image_tokens = -1;
  return cost;
}

AtelierCost *
atelier_cost_copy (const AtelierCost *cost)
{
  AtelierCost *copy;

  if (cost == NULL)
    return NULL;
  copy = g_memdup2 (cost, sizeof *cost);
  copy->unit = g_strdup (cost->unit);
  copy->tier = g_strdup (cost->tier);
  return copy;
}

void
atelier_cost_free (AtelierCost *cost)
{
  if (cost == NULL)
    return;
  g_free (cost->unit);
  g_free (cost->tier);
  g_free (cost);
}

gboolean
atelier_cost_equal (const AtelierCost *a,
                    const AtelierCost *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->unit, b->unit) == 0 && a->amount == b->amount &&
         g_strcmp0 (a->tier, b->tier) == 0 &&
         a->balance_before == b->balance_before && a->balance_after == b->balance_after &&
         a->input_tokens == b->input_tokens && a->output_tokens == b->output_tokens &&
         a->image_tokens == b->image_tokens;
}

void
atelier_cost_set_tier (AtelierCost *cost,
                       const char  *tier)
{
  g_return_if_fail (cost != NULL);

  if (tier != NULL && (*tier == '\0' || !g_utf8_validate (tier, -1, NULL) || strlen (tier) > 64))
    tier = NULL;
  g_free (cost->tier);
  cost->tier = g_strdup (tier);
}

static void
add_known (JsonObject *obj,
           const char *name,
           gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (obj, name, value);
}

JsonNode *
atelier_cost_to_json (const AtelierCost *cost)
{
  JsonObject *obj;
  JsonNode *node;

  g_return_val_if_fail (cost != NULL, NULL);

  obj = json_object_new ();
  json_object_set_string_member (obj, "unit", cost->unit);
  json_object_set_int_member (obj, "amount", cost->amount);
  if (cost->tier != NULL)
    json_object_set_string_member (obj, "tier", cost->tier);
  add_known (obj, "balance_before", cost->balance_before);
  add_known (obj, "balance_after", cost->balance_after);
  add_known (obj, "input_tokens", cost->input_tokens);
  add_known (obj, "output_tokens", cost->output_tokens);
  add_known (obj, "image_tokens", cost->image_tokens);
  node = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  return node;
}

/* A whole number ≥ 0, or -1: written by us as an integer, but a record
 * may have been edited or damaged. */
static gint64
get_count (JsonObject *obj,
           const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return MAX (json_node_get_int (node), -1);
    case G_TYPE_DOUBLE:
      d = json_node_get_double (node);
      return d >= 0 && d <= 9.0e15 && d == (gint64) d ? (gint64) d : -1;
    default:
      return -1;
    }
}

AtelierCost *
atelier_cost_new_from_json (JsonNode *node)
{
  g_autoptr(AtelierCost) cost = NULL;
  JsonObject *obj;
  JsonNode *tier;
  gint64 amount;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  if (!json_object_has_member (obj, "unit") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "unit")) ||
      json_node_get_value_type (json_object_get_member (obj, "unit")) != G_TYPE_STRING ||
      !unit_is_usable (json_object_get_string_member (obj, "unit")) ||
      (amount = get_count (obj, "amount")) < 0)
    return NULL;

  cost = atelier_cost_new (json_object_get_string_member (obj, "unit"), amount);
  tier = json_object_get_member (obj, "tier");
  if (tier != NULL && JSON_NODE_HOLDS_VALUE (tier) && json_node_get_value_type (tier) == G_TYPE_STRING)
    atelier_cost_set_tier (cost, json_node_get_string (tier));
  cost->balance_before = get_count (obj, "balance_before");
  cost->balance_after = get_count (obj, "balance_after");
  cost->input_tokens = get_count (obj, "input_tokens");
  cost->output_tokens = get_count (obj, "output_tokens");
  cost->image_tokens = get_count (obj, "image_tokens");
  return g_steal_pointer (&cost);
}

/* With the locale's thousands separator ("1,234" in English). */
static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

char *
atelier_cost_format_amount (const char *unit,
                            gint64      amount)
{
  g_autofree char *n = format_count (amount);
  gulong plural = (gulong) MIN (amount, 1000000);

  g_return_val_if_fail (unit != NULL, NULL);

  /* TRANSLATORS: an amount a service charged, e.g. "12 credits" */
  if (g_str_equal (unit, ATELIER_COST_UNIT_CREDITS))
    return g_strdup_printf (ngettext ("%s credit", "%s credits", plural), n);
  /* TRANSLATORS: OpenAI usage, e.g. "1,234 tokens" */
  if (g_str_equal (unit, ATELIER_COST_UNIT_TOKENS))
    return g_strdup_printf (ngettext ("%s token", "%s tokens", plural), n);
  /* TRANSLATORS: images a service made, e.g. "3 images" */
  if (g_str_equal (unit, ATELIER_COST_UNIT_IMAGES))
    return g_strdup_printf (ngettext ("%s image", "%s images", plural), n);
  /* TRANSLATORS: an amount in a unit the service named, e.g. "5 gems" */
  return g_strdup_printf (C_("cost", "%s %s"), n, unit);
}

char *
atelier_cost_format (const AtelierCost *cost)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (cost != NULL, NULL);

  amount = atelier_cost_format_amount (cost->unit, cost->amount);
  text = g_string_new (amount);
  if (cost->tier != NULL)
    /* TRANSLATORS: after an amount: "12 credits (fast tier)" */
    g_string_append_printf (text, _(" (%s tier)"), cost->tier);
  if (cost->input_tokens >= 0 && cost->output_tokens >= 0)
    {
      g_autofree char *in = format_count (cost->input_tokens);
      g_autofree char *out = format_count (cost->output_tokens);

      /* TRANSLATORS: OpenAI usage: tokens in the request and in the answer */
      g_string_append_printf (text, _(" · %s in, %s out"), in, out);
    }
  if (cost->image_tokens >= 0)
    {
      g_autofree char *img = format_count (cost->image_tokens);

      /* TRANSLATORS: how many of a job's tokens were image tokens */
      g_string_append_printf (text, _(" · %s image tokens"), img);
    }
  if (cost->balance_before >= 0 && cost->balance_after >= 0)
    {
      g_autofree char *before = format_count (cost->balance_before);
      g_autofree char *after = format_count (cost->balance_after);

      /* TRANSLATORS: the credit balance before and after a job */
      g_string_append_printf (text, _(" · balance %s → %s"), before, after);
    }
  else if (cost->balance_after >= 0)
    {
      g_autofree char *after = format_count (cost->balance_after);

      /* TRANSLATORS: the credit balance after a job */
      g_string_append_printf (text, _(" · balance %s after"), after);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
