/* atelier-batch.c: one prompt sent to several services at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-batch"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-batch.h"
#include "atelier-error.h"

struct _AtelierBatch
{
  GObject     parent_instance;

  char       *id;
  char       *prompt;
  char       *image;
  GPtrArray  *services;   /* char*, NULL-terminated */
  GHashTable *options;    /* provider id → GHashTable (name → value) */
  GPtrArray  *jobs;       /* AtelierJob* */
  GPtrArray  *notes;      /* char*, NULL-terminated */
  gboolean    submitted;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PROMPT,
  PROP_IMAGE,
  PROP_SUBMITTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierBatch, atelier_batch, G_TYPE_OBJECT)

static GPtrArray *
strv_array_new (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
strv_array_append (GPtrArray  *array,
                   char       *str)
{
  g_ptr_array_insert (array, array->len - 1, str);
}

static void
atelier_batch_finalize (GObject *object)
{
  AtelierBatch *self = (AtelierBatch *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->options, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_batch_parent_class)->finalize (object);
}

static void
atelier_batch_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AtelierBatch *self = ATELIER_BATCH (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PROMPT: g_value_set_string (value, self->prompt); break;
    case PROP_IMAGE: g_value_set_string (value, self->image); break;
    case PROP_SUBMITTED: g_value_set_boolean (value, self->submitted); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_batch_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AtelierBatch *self = ATELIER_BATCH (object);

  switch (prop_id)
    {
    case PROP_PROMPT: self->prompt = g_value_dup_string (value); break;
    case PROP_IMAGE: atelier_batch_set_image (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_batch_class_init (AtelierBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = atelier_batch_finalize;
  object_class->get_property = atelier_batch_get_property;
  object_class->set_property = atelier_batch_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_string ("image", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBMITTED] =
    g_param_spec_boolean ("submitted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_batch_init (AtelierBatch *self)
{
  self->id = g_uuid_string_random ();
  self->services = strv_array_new ();
  self->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->notes = strv_array_new ();
}

AtelierBatch *
atelier_batch_new (const char *prompt)
{
  return g_object_new (ATELIER_TYPE_BATCH, "prompt", prompt, NULL);
}

const char *
atelier_batch_get_id (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return self->id;
}

const char *
atelier_batch_get_prompt (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return self->prompt;
}

void
atelier_batch_set_image (AtelierBatch *self,
                         const char   *path)
{
  g_return_if_fail (ATELIER_IS_BATCH (self));

  if (g_strcmp0 (self->image, path) == 0)
    return;
  g_free (self->image);
  self->image = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

const char *
atelier_batch_get_image (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return self->image;
}

void
atelier_batch_add_service (AtelierBatch *self,
                           const char   *provider_id,
                           GHashTable   *options)
{
  GHashTable *copy = atelier_params_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (ATELIER_IS_BATCH (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (!self->submitted);

  if (options != NULL)
    {
      g_hash_table_iter_init (&iter, options);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }
  if (!g_hash_table_contains (self->options, provider_id))
    strv_array_append (self->services, g_strdup (provider_id));
  g_hash_table_insert (self->options, g_strdup (provider_id), copy);
}

const char * const *
atelier_batch_get_services (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return (const char * const *) self->services->pdata;
}

static const AtelierParamSpec *
find_image (const AtelierParamTable *table)
{
  const AtelierParamSpec *spec = atelier_param_table_lookup (table, "image");

  return spec != NULL && spec->type == ATELIER_PARAM_FILE ? spec : NULL;
}

/* @notes, when given, gets what the service could not take. */
static GHashTable *
compose_params (AtelierBatch    *self,
                AtelierProvider *provider,
                GPtrArray       *notes)
{
  const AtelierParamTable *table = atelier_provider_get_params (provider);
  const AtelierParamSpec *prompt = atelier_param_table_find_prompt (table);
  const AtelierParamSpec *image = find_image (table);
  GHashTable *options = g_hash_table_lookup (self->options, atelier_provider_get_id (provider));
  GHashTable *params = atelier_params_new ();
  const char *name = atelier_provider_get_display_name (provider);
  GHashTableIter iter;
  gpointer key, value;

  if (options != NULL)
    {
      g_hash_table_iter_init (&iter, options);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (params, g_strdup (key), g_strdup (value));
    }

  if (prompt != NULL && self->prompt != NULL && *self->prompt != '\0')
    g_hash_table_insert (params, g_strdup (prompt->name), g_strdup (self->prompt));
  else if (prompt == NULL && self->prompt != NULL && *self->prompt != '\0' && notes != NULL)
    /* Translators: %s is a service, e.g. "Core3D" */
    strv_array_append (notes, g_strdup_printf (_("%s takes no prompt: it was sent its options "
                                                 "alone."), name));

  if (image != NULL && self->image != NULL)
    g_hash_table_insert (params, g_strdup (image->name), g_strdup (self->image));
  else if (image == NULL && self->image != NULL && notes != NULL)
    /* Translators: %s is a service, e.g. "Core3D" */
    strv_array_append (notes, g_strdup_printf (_("%s takes no input image: it was sent the "
                                                 "prompt alone."), name));
  return params;
}

static AtelierProvider *
lookup_provider (AtelierEngine  *engine,
                 const char     *provider_id,
                 GError        **error)
{
  AtelierProvider *provider = atelier_engine_get_provider (engine, provider_id);

  if (provider == NULL)
    g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                 _("Unknown service “%s”"), provider_id);
  return provider;
}

GHashTable *
atelier_batch_dup_params (AtelierBatch  *self,
                          AtelierEngine *engine,
                          const char    *provider_id)
{
  AtelierProvider *provider;

  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);

  if (!g_hash_table_contains (self->options, provider_id)
      || (provider = atelier_engine_get_provider (engine, provider_id)) == NULL)
    return NULL;
  return compose_params (self, provider, NULL);
}

gboolean
atelier_batch_validate (AtelierBatch   *self,
                        AtelierEngine  *engine,
                        GError        **error)
{
  g_autoptr(GPtrArray) notes = strv_array_new ();

  g_return_val_if_fail (ATELIER_IS_BATCH (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), FALSE);

  if (self->services->len <= 1)
    {
      g_set_error_literal (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_MISSING,
                           _("Choose at least one service"));
      return FALSE;
    }

  for (guint i = 0; i + 1 < self->services->len; i++)
    {
      const char *id = g_ptr_array_index (self->services, i);
      AtelierProvider *provider = lookup_provider (engine, id, error);
      g_autoptr(GHashTable) params = NULL;

      if (provider == NULL)
        return FALSE;
      params = compose_params (self, provider, notes);
      if (!atelier_provider_validate (provider, params, error))
        {
          /* Translators: the first %s is a service's name, the second its
           * id (as atelier-cli takes it), the third why its options were
           * refused, e.g. "Style DNA (styledna): anchorImageUrl is required" */
          g_prefix_error (error, _("%s (%s): "), atelier_provider_get_display_name (provider), id);
          return FALSE;
        }
    }

  g_ptr_array_unref (self->notes);
  self->notes = g_steal_pointer (&notes);
  return TRUE;
}

gboolean
atelier_batch_submit (AtelierBatch   *self,
                      AtelierEngine  *engine,
                      GError        **error)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (!self->submitted, FALSE);

  /* All of them before the first job exists: a refusal sends nothing. */
  if (!atelier_batch_validate (self, engine, error))
    return FALSE;

  for (guint i = 0; i + 1 < self->services->len; i++)
    {
      const char *id = g_ptr_array_index (self->services, i);
      AtelierProvider *provider = atelier_engine_get_provider (engine, id);
      g_autoptr(GHashTable) params = compose_params (self, provider, NULL);
      AtelierJob *job;

      /* The same rules as just checked, so this cannot refuse; if it ever
       * did, the jobs made so far are running and are the batch. */
      job = atelier_engine_create_batch_job (engine, id, params, self->id, error);
      if (job == NULL)
        {
          g_prefix_error (error, _("%s (%s): "), atelier_provider_get_display_name (provider), id);
          break;
        }
      g_ptr_array_add (self->jobs, g_object_ref (job));
    }

  self->submitted = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED]);
  return self->jobs->len + 1 == self->services->len;
}

gboolean
atelier_batch_get_submitted (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), FALSE);
  return self->submitted;
}

GPtrArray *
atelier_batch_get_jobs (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return self->jobs;
}

const char * const *
atelier_batch_get_notes (AtelierBatch *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);
  return (const char * const *) self->notes->pdata;
}

JsonNode *
atelier_batch_to_json (AtelierBatch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (ATELIER_IS_BATCH (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "jobs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->jobs->len; i++)
    json_builder_add_value (builder, atelier_job_to_json (g_ptr_array_index (self->jobs, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < self->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->notes, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
