/* atelier-param.h: a provider's parameter table
 *
 * One table per provider drives validation, `atelier-cli --option`, the form
 * the UI builds, and the record of what was asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_PARAM_STRING,   /* single line */
  ATELIER_PARAM_TEXT,     /* multi-line, e.g. the prompt */
  ATELIER_PARAM_ENUM,     /* one of choices[] */
  ATELIER_PARAM_INT,      /* min..max */
  ATELIER_PARAM_BOOL,     /* "true" / "false" */
  ATELIER_PARAM_FILE,     /* a local path; several separated by '\n' when MULTIPLE */
  ATELIER_PARAM_COLORS,   /* comma-separated CSS colours */
  ATELIER_PARAM_URL,
} AtelierParamType;

typedef enum
{
  ATELIER_PARAM_FLAG_NONE      = 0,
  ATELIER_PARAM_FLAG_REQUIRED  = 1 << 0,
  ATELIER_PARAM_FLAG_ADVANCED  = 1 << 1,  /* folded away in the form */
  ATELIER_PARAM_FLAG_MULTIPLE  = 1 << 2,  /* FILE: up to max files */
  ATELIER_PARAM_FLAG_OPEN_ENUM = 1 << 3,  /* ENUM: choices are suggestions, any value allowed */
  ATELIER_PARAM_FLAG_SERVICE_CHOICES = 1 << 4, /* ENUM: the service lists the choices at run time
                                                * (atelier_provider_list_choices_async) */
} AtelierParamFlags;

typedef struct
{
  const char         *name;          /* wire name and --option key */
  AtelierParamType    type;
  const char         *label;         /* N_() marked, translate at use */
  const char         *help;          /* N_() marked */
  const char         *default_value; /* NULL: omitted from the request */
  const char * const *choices;       /* ENUM, NULL-terminated */
  gint64              min;           /* INT range, FILE MULTIPLE: max count in max */
  gint64              max;
  AtelierParamFlags   flags;
  const char         *excludes;      /* comma-separated names that cannot be combined */
  const char         *group;         /* optional: form section / mode, e.g. "edit" */
} AtelierParamSpec;

typedef struct
{
  const AtelierParamSpec *specs;
  guint                   n_specs;
} AtelierParamTable;

const AtelierParamSpec *atelier_param_table_lookup   (const AtelierParamTable *table,
                                                      const char              *name);
/* The parameter a prompt goes to (the window's prompt box, a batch's
 * prompt): "prompt", else the first multi-line text parameter; NULL when
 * there is none. */
const AtelierParamSpec *atelier_param_table_find_prompt (const AtelierParamTable *table);
/* Checks types, ranges, choices, required and excluded pairs. The message
 * names the parameter and the rule ("n must be between 1 and 10"). */
gboolean                atelier_param_table_validate (const AtelierParamTable *table,
                                                      GHashTable              *params,
                                                      GError                 **error);
/* Parses "key=value" into @params, refusing unknown keys. */
gboolean                atelier_param_parse_option   (const AtelierParamTable *table,
                                                      GHashTable              *params,
                                                      const char              *option,
                                                      GError                 **error);
/* Typed JSON value for a string parameter (int, bool, colour array, string). */
JsonNode               *atelier_param_to_json        (const AtelierParamSpec  *spec,
                                                      const char              *value);
/* The value to use: given, else default, else NULL. */
const char             *atelier_param_get            (const AtelierParamTable *table,
                                                      GHashTable              *params,
                                                      const char              *name);
GHashTable             *atelier_params_new           (void);

G_END_DECLS
